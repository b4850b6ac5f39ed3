// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The flood scenario's state, in plain JavaScript variables (what phoenix.js's client keeps in its
// closure), so that the handler costs what an application's handler costs and nothing of the harness:
// no QML property is written per message.
.pragma library

let host = null
let first = null        // the PhoenixChannel item that starts the flood (bench:0)
let joinsPending = 0
let flooding = false
let warming = false
let received = 0
let sum = 0
let count = 0           // host.count and host.warmup, copied once: phoenix.js's client reads
let warmupCount = 0     // plain numbers too, where a QObject property read per message is harness cost

function init(benchHost){
    host = benchHost
    joinsPending = host.channels
    count = host.count
    warmupCount = host.warmup
}

// Every item's onJoined.
function joined(channel){
    if(channel.topic === "bench:0"){ first = channel }
    if(--joinsPending > 0){ return }
    host.markJoined()
    startFlood(warmupCount > 0)
}

function startFlood(warmup){
    warming = warmup
    first.push("bench_start", { count: warmup ? warmupCount : count, size: host.size }).receive("ok", () => {
        received = 0
        sum = 0
        flooding = true
        if(!warming){ host.begin() }
    })
}

// Every item's onMessageReceived: what the user writes (sum += payload.id), and the count.
function message(event, payload){
    if(!flooding || event !== "bench"){ return }
    sum += payload.id
    if(warming){
        if(++received === warmupCount){
            flooding = false
            startFlood(false)
        }
        return
    }
    if(++received < count){ return }
    flooding = false
    host.floodDone(received, sum)
}
