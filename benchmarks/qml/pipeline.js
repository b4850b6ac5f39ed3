// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The pipeline scenario's state: `window` echo pushes in flight on one channel item, each reply
// sending the next; a warm-up phase, then the measured one. The reply is awaited with
// push(...).then(...) or push(...).receive("ok", ...) (--push-api).
.pragma library

let host = null
let channel = null
let useThen = true
let body = null
let warming = false
let total = 0
let sent = 0
let replied = 0
let latencies = []

function start(benchHost, channelItem){
    host = benchHost
    channel = channelItem
    useThen = host.pushApi === "then"
    body = { body: "x".repeat(Math.max(1, host.size - 11)) }
    host.markJoined()
    phase(host.warmup > 0)
}

function phase(warmup){
    warming = warmup
    total = warmup ? host.warmup : host.count
    sent = 0
    replied = 0
    latencies = []
    if(!warmup){ host.begin() }
    while(sent < total && sent - replied < host.window){ send() }
}

function send(){
    sent++
    const t = host.nowUs()
    const push = channel.push("echo", body)
    if(useThen){
        push.then((response) => onReply(t))
    } else {
        push.receive("ok", (response) => onReply(t))
    }
}

function onReply(t){
    const elapsedUs = host.nowUs() - t
    replied++
    if(!warming){ latencies.push(elapsedUs) }
    if(sent < total){
        send()
    } else if(replied === total){
        if(warming){
            phase(false)
            return
        }
        host.pipelineDone(latencies)
    }
}
