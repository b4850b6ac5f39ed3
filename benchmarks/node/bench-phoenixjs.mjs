// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// bench-phoenixjs: the phoenix.js side of the benchmarks (npm phoenix on Node with ws). Same options
// and the same JSON line as bench-phoenixqt:
//   node --expose-gc bench-phoenixjs.mjs --url ws://127.0.0.1:PORT/socket
//        --scenario flood|memory|rtt|sockets|reconnect|pipeline
//        [--channels N] [--count N] [--warmup N] [--window N] [--size BYTES] [--sockets N] [--pings N]
//        [--down-ms MS] [--timeout S] [--cg-sync 1]
//
// --cg-sync 1 (the driver's callgrind runs; Node cannot issue callgrind's client requests): before the
// measured flood or pipeline the client prints {"sync":"start"} and blocks until a line arrives on
// stdin (the driver zeroes the counts with callgrind_control meanwhile); after it, {"sync":"end"}
// and again a line (the driver dumps the counts). Blocked, the process executes no instructions.

import fs from "node:fs"
import { LongPoll, Socket } from "phoenix"
import WebSocket from "ws"

const defaults = {
  scenario: "flood", url: "", channels: 1, count: 100000, warmup: 0, window: 100, size: 100, sockets: 1000,
  pings: 2000, "down-ms": 500, timeout: 120, "cg-sync": 0,
  // transport: websocket | longpoll; server: sender (phoenix-benchsender) | devserver (phoenix-devserver:
  // room:bench:N topics, the "flood" push answered with flood_msg pushes before its reply)
  transport: "websocket", server: "sender",
}

function parseArgs(argv){
  const options = { ...defaults }
  for(let i = 0; i < argv.length; i++){
    const arg = argv[i]
    if(!arg.startsWith("--")){ continue }
    const [key, inline] = arg.slice(2).split("=", 2)
    if(!(key in defaults)){
      console.error(`unknown option --${key}`)
      process.exit(2)
    }
    const value = inline !== undefined ? inline : argv[++i]
    options[key] = typeof defaults[key] === "number" ? Number(value) : value
  }
  if(!options.url.startsWith("ws://")){
    console.error("a ws:// --url is required")
    process.exit(2)
  }
  return options
}

const options = parseArgs(process.argv.slice(2))
const WARMUP_PINGS = 200
const DEV = options.server === "devserver"
const topicOf = (i) => DEV ? `room:bench:${i}` : `bench:${i}`

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n) // CLOCK_MONOTONIC, as the Qt programs
const monotonicNs = () => process.hrtime.bigint()
const collect = () => { if(global.gc){ global.gc(); global.gc() } }
const rssKiB = () => Math.round(process.memoryUsage().rss / 1024)
const heapBytes = () => { const m = process.memoryUsage(); return m.heapUsed + m.external + m.arrayBuffers }
const cpuSeconds = (since) => { const u = process.cpuUsage(since); return (u.user + u.system) / 1e6 }

function print(result){
  process.stdout.write(JSON.stringify({ client: "phoenixjs", scenario: options.scenario, ...result }) + "\n")
}

function finish(result){
  print(result)
  process.exit(0)
}

// The callgrind handshake (see the head of this file): blocks the whole process until the driver answers.
function cgSync(what){
  if(!options["cg-sync"]){ return }
  process.stdout.write(JSON.stringify({ sync: what }) + "\n")
  const buffer = Buffer.alloc(64)
  const nap = new Int32Array(new SharedArrayBuffer(4))
  for(;;){
    let n = 0
    try { n = fs.readSync(0, buffer, 0, buffer.length, null) } catch(e){
      if(e.code !== "EAGAIN"){ throw e }
      Atomics.wait(nap, 0, 0, 5) // a non-blocking stdin: sleep, do not spin
      continue
    }
    if(n === 0 || buffer.subarray(0, n).includes(10)){ return }
  }
}

setTimeout(() => {
  print({ error: "timeout" })
  process.exit(3)
}, options.timeout * 1000).unref()

function newSocket(){
  return new Socket(options.url, { transport: options.transport === "longpoll" ? LongPoll : WebSocket, timeout: 60000 })
}

function percentile(sorted, pct){
  if(sorted.length === 0){ return 0 }
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(pct / 100 * sorted.length) - 1))
  return sorted[rank]
}

function runChannels(){
  const socket = newSocket()
  const channelCount = options.scenario === "rtt" || options.scenario === "pipeline" ? 1 : options.channels
  const channels = []
  let pending = channelCount
  let rssBefore = 0, rssAfter = 0, heapBefore = 0, heapAfter = 0
  let received = 0
  let idSum = 0 // sum of the payloads' "id": one field read, as every real handler does
  let flooding = false
  let warming = false
  let restarting = false
  let firstUpUs = 0, lastUpUs = 0, reopenedUs = 0
  let wall0 = 0n, cpu0 = null

  const startFlood = (warmup) => {
    warming = warmup
    if(!warmup){ cgSync("start") }
    if(DEV){
      // the dev server sends its flood_msg pushes before its reply: the window starts now
      received = 0
      idSum = 0
      flooding = true
      if(!warming){
        cpu0 = process.cpuUsage()
        wall0 = monotonicNs()
      }
      channels[0].push("flood", { count: warmup ? options.warmup : options.count, size: options.size }, 600000)
      return
    }
    channels[0].push("bench_start", { count: warmup ? options.warmup : options.count, size: options.size }, 60000)
      .receive("ok", () => {
        received = 0
        idSum = 0
        flooding = true
        if(warming){ return }
        cpu0 = process.cpuUsage()
        wall0 = monotonicNs()
      })
  }

  const onBench = (payload) => {
    if(!flooding){ return }
    idSum += DEV ? payload.i : payload.id
    if(warming){
      if(++received === options.warmup){
        flooding = false
        startFlood(false)
      }
      return
    }
    if(++received < options.count){ return }
    const wall = Number(monotonicNs() - wall0) / 1e9
    const cpu = cpuSeconds(cpu0)
    cgSync("end")
    finish({
      channels: options.channels, count: options.count, warmup: options.warmup, size: options.size, messages: received,
      id_sum: idSum, wall_s: wall, cpu_s: cpu, rss_kib_before: rssBefore, rss_kib_after: rssAfter,
      heap_before: heapBefore, heap_after: heapAfter,
    })
  }

  const onJoined = (response) => {
    const upUs = response && typeof response.up_us === "number" ? response.up_us : 0
    if(restarting){
      if(upUs <= firstUpUs){ return }
      lastUpUs = upUs
      reopenedUs = response.conn_us // when the sender answered the new handshake
      if(--pending === 0){
        const now = monotonicUs()
        finish({
          channels: options.channels, down_ms: options["down-ms"],
          up_to_joined_ms: (now - lastUpUs) / 1000, open_to_joined_ms: (now - reopenedUs) / 1000,
        })
      }
      return
    }
    firstUpUs = Math.max(firstUpUs, upUs)
    if(--pending > 0){ return }
    collect()
    rssAfter = rssKiB()
    heapAfter = heapBytes()
    if(options.scenario === "rtt"){
      startPings(channels[0])
    } else if(options.scenario === "pipeline"){
      startPipeline(channels[0])
    } else if(options.scenario === "reconnect"){
      restarting = true
      pending = channels.length
      channels[0].push("bench_restart", { down_ms: options["down-ms"] })
    } else {
      startFlood(options.warmup > 0)
    }
  }

  let opened = false
  socket.onOpen(() => {
    if(opened){ return } // a reconnect: the channels rejoin by themselves
    opened = true
    collect()
    rssBefore = rssKiB()
    heapBefore = heapBytes()
    if(options.scenario === "memory"){
      // what the library alone costs per joined channel: no per-channel handler, joins counted
      // from the socket's message hook (called after the channels handled the message)
      socket.onMessage((msg) => {
        if(msg.event !== "phx_reply" || !msg.topic.startsWith("bench:") || --pending > 0){ return }
        setImmediate(() => {
          collect()
          finish({
            channels: options.channels, joined: channels.filter((c) => c.state === "joined").length,
            rss_kib_before: rssBefore, rss_kib_after: rssKiB(), heap_before: heapBefore, heap_after: heapBytes(),
          })
        })
      })
      for(let i = 0; i < channelCount; i++){
        const channel = socket.channel(topicOf(i), {})
        channel.join()
        channels.push(channel)
      }
      return
    }
    // only the reconnect scenario needs the sender's time stamps in the join replies
    const params = options.scenario === "reconnect" ? { stamp: true } : {}
    for(let i = 0; i < channelCount; i++){
      const channel = socket.channel(topicOf(i), params)
      channel.on(DEV ? "flood_msg" : "bench", onBench)
      channel.join().receive("ok", onJoined)
      channels.push(channel)
    }
  })
  socket.connect()
}

function startPings(channel){
  const body = "x".repeat(Math.max(1, options.size - 11))
  const latencies = []
  let pongs = 0
  const ping = () => {
    const sent = monotonicNs()
    channel.push("echo", { body }).receive("ok", () => {
      const elapsedUs = Number(monotonicNs() - sent) / 1000
      if(++pongs > WARMUP_PINGS){ latencies.push(elapsedUs) }
      if(latencies.length < options.pings){
        ping()
        return
      }
      finish({ pings: latencies.length, rtt_us: latencyStats(latencies) })
    })
  }
  ping()
}

function latencyStats(latencies){
  latencies.sort((a, b) => a - b)
  const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length
  return {
    p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99),
    min: latencies[0], max: latencies[latencies.length - 1], mean,
  }
}

// `window` echo pushes in flight: a warm-up phase of `warmup` pushes, then `count` measured ones.
function startPipeline(channel){
  const body = "x".repeat(Math.max(1, options.size - 11))
  let warming = false, total = 0, sent = 0, replied = 0
  let latencies = []
  let wall0 = 0n, cpu0 = null
  const phase = (warmup) => {
    warming = warmup
    total = warmup ? options.warmup : options.count
    sent = 0
    replied = 0
    latencies = []
    if(!warmup){
      cgSync("start")
      cpu0 = process.cpuUsage()
      wall0 = monotonicNs()
    }
    while(sent < total && sent - replied < options.window){ send() }
  }
  const send = () => {
    sent++
    const t = monotonicNs()
    channel.push("echo", { body }).receive("ok", () => {
      const elapsedUs = Number(monotonicNs() - t) / 1000
      replied++
      if(!warming){ latencies.push(elapsedUs) }
      if(sent < total){
        send()
      } else if(replied === total){
        if(warming){
          phase(false)
          return
        }
        const wall = Number(monotonicNs() - wall0) / 1e9
        const cpu = cpuSeconds(cpu0)
        cgSync("end")
        finish({
          count: options.count, pushes: latencies.length, window: options.window, size: options.size,
          wall_s: wall, cpu_s: cpu, rtt_us: latencyStats(latencies),
        })
      }
    })
  }
  phase(options.warmup > 0)
}

function runSockets(){
  const sockets = []
  const open = (count, done) => {
    let pending = count
    for(let i = 0; i < count; i++){
      const socket = newSocket()
      let counted = false
      socket.onOpen(() => {
        if(counted){ return }
        counted = true
        if(--pending === 0){ done() }
      })
      socket.connect()
      sockets.push(socket)
    }
  }
  // one warm-up socket first, as the Qt programs do
  open(1, () => {
    collect()
    const rssBefore = rssKiB()
    const heapBefore = heapBytes()
    open(options.sockets, () => {
      collect()
      finish({
        sockets: options.sockets, rss_kib_before: rssBefore, rss_kib_after: rssKiB(),
        heap_before: heapBefore, heap_after: heapBytes(),
      })
    })
  })
}

if(options.scenario === "sockets"){
  runSockets()
} else if(["flood", "memory", "rtt", "reconnect", "pipeline"].includes(options.scenario)){
  runChannels()
} else {
  console.error(`unknown scenario ${options.scenario}`)
  process.exit(2)
}
