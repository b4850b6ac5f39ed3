// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// The benchmark driver: starts one phoenix-benchsender, runs every scenario with every client,
// computes the summaries, writes results.json, RESULTS.md and PNG plots (gnuplot). Run through
// scripts/bench.sh; CTest runs `--quick` (small counts, one repetition, sanity checks only, no
// timing assertions).
//
//   node bench.mjs [--quick] --sender PATH --bare PATH --phoenixqt PATH --decode PATH [--devserver PATH]
//                  [--qml PATH] [--out DIR] [--runs N] [--cg-runs N] [--only a,b] [--no-callgrind]
//                  [--wait-quiet S] [--quiet-cores X] [--command TEXT]
//
// How a repetition is made: every timed case (each payload size, each channel count, the pipeline
// …) runs every client once, one after the other, in an order that rotates from one repetition to
// the next; the ratios are taken within the repetition and then summarised over the repetitions
// (median and spread). Scenarios chosen with --only replace their sections in an existing
// results.json; the other sections keep the figures (and the command and date) of their own run.

import { spawn, spawnSync } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import readline from "node:readline"
import { fileURLToPath } from "node:url"

import { makePlots } from "./plots.mjs"
import { renderReport } from "./report.mjs"
import { fmt, ratio, stats } from "./stats.mjs"

const here = path.dirname(fileURLToPath(import.meta.url))
const benchDir = path.resolve(here, "..")
const nodeDir = path.join(benchDir, "node")

// ---------------------------------------------------------------------------------------------
// options

// Section names, in the order they run, and the names --only also accepts for groups of them.
const SECTIONS = ["throughput", "channels", "memory", "rtt", "reconnect", "pipeline", "longpoll", "scale", "callgrind"]
const ALIASES = {
  inbound: ["throughput", "channels"],
  outbound: ["pipeline", "scale"],
  "outbound-pipeline": ["pipeline"],
  "outbound-scale": ["scale"],
}

function parseArgs(argv){
  const o = {
    quick: false, sender: "", bare: "", phoenixqt: "", baseline: "", decode: "", devserver: "", qml: "", "qml-baseline": "", out: "", runs: 0, "cg-runs": 0, only: "",
    callgrind: true, command: "", "wait-quiet": -1, "quiet-cores": 0.3,
  }
  for(let i = 0; i < argv.length; i++){
    const a = argv[i]
    if(a === "--quick"){ o.quick = true } else if(a === "--no-callgrind"){ o.callgrind = false } else if(a.startsWith("--")){
      const key = a.slice(2)
      if(!(key in o)){ throw new Error(`unknown option ${a}`) }
      o[key] = typeof o[key] === "number" ? Number(argv[++i]) : argv[++i]
    }
  }
  for(const key of ["sender", "bare", "phoenixqt", "decode"]){
    if(!o[key] || !fs.existsSync(o[key])){ throw new Error(`--${key}: program not found (${o[key]})`) }
  }
  if(o.baseline && !fs.existsSync(o.baseline)){ throw new Error(`--baseline: program not found (${o.baseline})`) }
  if(o.qml && !fs.existsSync(o.qml)){ throw new Error(`--qml: program not found (${o.qml})`) }
  if(o["qml-baseline"] && (!o.qml || !fs.existsSync(o["qml-baseline"]))){ throw new Error(`--qml-baseline: needs --qml and an existing program (${o["qml-baseline"]})`) }
  if(!o.out){ o.out = o.quick ? path.join(benchDir, "out", "quick") : benchDir }
  o.out = path.resolve(o.out)
  if(!o.runs){ o.runs = o.quick ? 1 : 7 }
  if(!o["cg-runs"]){ o["cg-runs"] = o.quick ? 1 : 2 }
  if(o["wait-quiet"] < 0){ o["wait-quiet"] = o.quick ? 0 : 60 }
  let only = null
  if(o.only){
    only = new Set()
    for(const name of o.only.split(",").map((s) => s.trim()).filter(Boolean)){
      const names = ALIASES[name] || (SECTIONS.includes(name) ? [name] : null)
      if(!names){ throw new Error(`--only: unknown scenario "${name}" (${[...SECTIONS, ...Object.keys(ALIASES)].join(", ")})`) }
      names.forEach((n) => only.add(n))
    }
  }
  if(!o.callgrind){ (only ||= new Set(SECTIONS)).delete("callgrind") }
  o.sections = SECTIONS.filter((s) => !only || only.has(s))
  if(o.sections.includes("longpoll") && (!o.devserver || !fs.existsSync(o.devserver))){
    console.error(`[bench] --devserver: program not found (${o.devserver}); the LongPoll section is skipped`)
    o.sections = o.sections.filter((s) => s !== "longpoll")
  }
  return o
}

const opt = parseArgs(process.argv.slice(2))
const Q = opt.quick
const RUNS = opt.runs
const CG_RUNS = opt["cg-runs"]
const rawDir = opt.out === benchDir ? path.join(benchDir, "out") : path.join(opt.out, "raw")
fs.mkdirSync(opt.out, { recursive: true })
fs.mkdirSync(rawDir, { recursive: true })

// Parameters of the full run and of the quick run (tiny: it only proves that every program works).
// Flood cases: `count` measured broadcasts after `warmup` unmeasured ones (JIT and allocator warm-up);
// the 1-channel row of the channel scenario is the 100 B case measured again, as a consistency check.
const P = Q ? {
  sizes: [100, 1024, 16384],
  size: { 100: { count: 3000, warmup: 1000 }, 1024: { count: 2000, warmup: 500 }, 16384: { count: 300, warmup: 100 } },
  channels: [1, 100, 1000],
  channel: { 1: { count: 3000, warmup: 1000 }, 100: { count: 3000, warmup: 1000 }, 1000: { count: 3000, warmup: 1000 } },
  memoryChannels: 1000, sockets: 50, pings: 200, reconnectChannels: 100, downMs: 200,
  pipeline: { count: 2000, warmup: 500, window: 100, size: 100 },
  longpoll: { count: 2000, warmup: 500, size: 100, pings: 50 },
  scale: {
    runs: 1, offlineRuns: 1, size: 100,
    bursts: [{ count: 1000, repeat: 5 }, { count: 5000, repeat: 1 }],
    goal: { small: { count: 1000, repeat: 5 }, big: { count: 5000, repeat: 1 } },
    offline: { count: 12000, baseline: 10000 }, timeout: 120,
  },
  cg: {
    inbound: [{ key: "size:100", size: 100, channels: 1, count: 500, warmup: 200 }],
    pipeline: { count: 500, warmup: 100, window: 100, size: 100 },
    decodeCount: 2000,
  },
  timeout: 60,
} : {
  sizes: [100, 1024, 16384],
  size: { 100: { count: 1000000, warmup: 100000 }, 1024: { count: 500000, warmup: 50000 }, 16384: { count: 80000, warmup: 8000 } },
  channels: [1, 100, 1000, 10000],
  channel: {
    1: { count: 1000000, warmup: 100000 }, 100: { count: 1000000, warmup: 100000 },
    1000: { count: 500000, warmup: 50000 }, 10000: { count: 300000, warmup: 30000 },
  },
  memoryChannels: 10000, sockets: 1000, pings: 10000, reconnectChannels: 1000, downMs: 500,
  pipeline: { count: 300000, warmup: 30000, window: 100, size: 100 },
  longpoll: { count: 100000, warmup: 10000, size: 100, pings: 1000 },
  scale: {
    runs: 3, offlineRuns: 1, size: 100,
    bursts: [{ count: 20000, repeat: 10 }, { count: 50000, repeat: 1 }, { count: 100000, repeat: 1 }, { count: 200000, repeat: 1 }],
    goal: { small: { count: 20000, repeat: 10 }, big: { count: 200000, repeat: 1 } },
    offline: { count: 1000000, baseline: 10000 }, timeout: 1800,
  },
  cg: {
    inbound: [
      { key: "size:100", size: 100, channels: 1, count: 20000, warmup: 5000 },
      { key: "size:1024", size: 1024, channels: 1, count: 10000, warmup: 2000 },
      { key: "size:16384", size: 16384, channels: 1, count: 2000, warmup: 500 },
      { key: "channels:100", size: 100, channels: 100, count: 20000, warmup: 5000 },
      { key: "channels:1000", size: 100, channels: 1000, count: 20000, warmup: 5000 },
      { key: "channels:10000", size: 100, channels: 10000, count: 5000, warmup: 10000 },
    ],
    pipeline: { count: 20000, warmup: 5000, window: 100, size: 100 },
    decodeCount: 20000,
  },
  timeout: 180,
}

const log = (...args) => console.error("[bench]", ...args)
const wanted = (name) => opt.sections.includes(name)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

// ---------------------------------------------------------------------------------------------
// sanity checks: the quick run's pass/fail (never on timing)

const checks = { passed: 0, failed: 0, failures: [] }
function check(ok, what){
  if(ok){ checks.passed++ } else { checks.failed++; checks.failures.push(what); log("CHECK FAILED:", what) }
  return ok
}

// ---------------------------------------------------------------------------------------------
// how busy the machine is with other work

const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100

// CPU seconds the whole machine spent busy (user, nice, system, irq, softirq) since boot, and the
// part of it spent at a lower priority (nice > 0, e.g. other jobs' `nice -n 10` builds).
function machineBusySeconds(){
  const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number)
  return (f[0] + f[1] + f[2] + f[5] + f[6]) / CLK_TCK
}
function machineNiceSeconds(){
  return Number(fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/)[2]) / CLK_TCK
}

// CPU seconds of /proc/<pid>/stat: utime + stime, plus cutime + cstime (reaped children) if asked.
function processSeconds(pid, withChildren){
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    const f = s.slice(s.lastIndexOf(")") + 2).split(" ").map(Number) // f[0] is field 3 (state)
    return (f[11] + f[12] + (withChildren ? f[13] + f[14] : 0)) / CLK_TCK
  } catch { return 0 }
}

// The benchmark's own CPU seconds: the driver, every client it ran and reaped, the sender.
const ownSeconds = () => processSeconds(process.pid, true) + (sender?.pid ? processSeconds(sender.pid, false) : 0)

// Samples the CPU used by other processes: returns {cores, nice_cores, seconds} since the sample was
// taken (nice_cores: the part that ran at a lower priority than the benchmark, assuming it runs at nice 0).
function foreignSampler(){
  const t0 = Date.now(), busy0 = machineBusySeconds(), nice0 = machineNiceSeconds(), own0 = ownSeconds()
  return () => {
    const wall = (Date.now() - t0) / 1000
    const foreign = Math.max(0, machineBusySeconds() - busy0 - (ownSeconds() - own0))
    const nice = Math.min(foreign, machineNiceSeconds() - nice0)
    return { cores: wall > 0 ? foreign / wall : 0, nice_cores: wall > 0 ? nice / wall : 0, seconds: wall }
  }
}

// Before a repetition: waits (up to --wait-quiet seconds) until other processes use less than
// --quiet-cores cores, sampled over one second while the benchmark is idle.
async function waitQuiet(){
  const limit = opt["wait-quiet"]
  const t0 = Date.now()
  let sample = null
  for(;;){
    const sampler = foreignSampler()
    await sleep(1000)
    sample = sampler()
    if(sample.cores <= opt["quiet-cores"] || (Date.now() - t0) / 1000 >= limit){ break }
    log(`other processes use ${sample.cores.toFixed(2)} cores; waiting for a quieter moment (${Math.round((Date.now() - t0) / 1000)}/${limit} s)`)
  }
  return { before_cores: sample.cores, waited_s: Math.round((Date.now() - t0) / 1000 - 1) }
}

// ---------------------------------------------------------------------------------------------
// processes

function ensureNodeModules(){
  if(fs.existsSync(path.join(nodeDir, "node_modules", "phoenix", "package.json"))
     && fs.existsSync(path.join(nodeDir, "node_modules", "ws", "package.json"))){ return }
  log("installing the phoenix.js client's packages (npm ci)")
  const npm = process.platform === "win32" ? "npm.cmd" : "npm"
  const r = spawnSync(npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: nodeDir, stdio: "inherit" })
  if(r.status !== 0){ throw new Error("npm ci failed in benchmarks/node") }
}

let sender = null
let senderPort = 0
let stopping = false
const senderLines = { flood: [], connection: [] }

function startSender(){
  return new Promise((resolve, reject) => {
    sender = spawn(opt.sender, ["--port", "0"], { stdio: ["ignore", "pipe", "pipe"] })
    sender.on("error", reject)
    sender.on("exit", (code, signal) => {
      if(!stopping){ log(`sender exited unexpectedly (${code ?? signal})`) }
    })
    sender.stderr.on("data", () => {})
    const rl = readline.createInterface({ input: sender.stdout })
    rl.on("line", (line) => {
      if(line.startsWith("PORT ")){
        senderPort = Number(line.slice(5))
        resolve()
      } else if(line.startsWith("{")){
        try {
          const o = JSON.parse(line)
          for(const key of Object.keys(senderLines)){ if(o[key]){ senderLines[key].push(o[key]) } }
        } catch { /* not ours */ }
      }
    })
    setTimeout(() => reject(new Error("sender did not start")), 10000).unref()
  })
}

function stopSender(){
  stopping = true
  if(sender && sender.exitCode === null){ sender.kill("SIGTERM") }
}

const CLIENTS = {
  "bare-recv": () => [opt.bare, ["--mode", "recv"]],
  "bare-parse": () => [opt.bare, ["--mode", "parse"]],
  phoenixqt: () => [opt.phoenixqt, []],
  // --baseline: bench-phoenixqt built from another commit, measured in the same repetitions as the
  // current build (before/after of a change in one run, on one machine and one load source)
  baseline: () => [opt.baseline, []],
  // --qml: bench-qml, the QML module as a QML application uses it (pipeline: push(...).then(...))
  qml: () => [opt.qml, ["--push-api", "then"]],
  // the same with push(...).receive("ok", ...) (pipeline only)
  "qml-receive": () => [opt.qml, ["--push-api", "receive"]],
  // --qml-baseline: bench-qml built from another commit (with its own QML module and library), in the
  // inbound and pipeline cases: before/after of a change of the QML path in one run
  "qml-baseline": () => [opt["qml-baseline"], ["--push-api", "then"]],
  // memory only: plain QtObject items with the same bindings, made by the same Instantiator (the
  // reference that tells the Instantiator's and the QML engine's cost per item from the item's own)
  "qml-plain": () => [opt.qml, []],
  phoenixjs: () => [process.execPath, ["--expose-gc", path.join(nodeDir, "bench-phoenixjs.mjs")]],
}

// Client order of repetition `run`: rotated, so that no client always runs first or after another.
const rotate = (clients, run) => clients.map((_, i) => clients[(i + run) % clients.length])

// Runs one client; resolves with its JSON result (plus the sender's figures for its flood or
// connection, if any) or {error}. `wrap` prefixes the command (valgrind). `cgSync(what, pid)`: the
// phoenix.js client's callgrind handshake (what = "start" | "end"), answered after it returns.
function runClient(client, args, { wrap = [], timeoutS = P.timeout, cgSync = null, port = 0 } = {}){
  const [program, base] = CLIENTS[client]()
  const argv = [...base, "--url", `ws://127.0.0.1:${port || senderPort}/socket`, "--timeout", String(timeoutS), ...args]
  if(cgSync){ argv.push("--cg-sync", "1") }
  const cmd = wrap.length ? wrap[0] : program
  const cmdArgs = wrap.length ? [...wrap.slice(1), program, ...argv] : argv
  const before = { flood: senderLines.flood.length, connection: senderLines.connection.length }
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, {
      stdio: [cgSync ? "pipe" : "ignore", "pipe", "pipe"],
      env: { ...process.env, QT_LOGGING_RULES: "phoenix.*.info=false;phoenix.*.debug=false" },
    })
    const results = []
    let syncs = 0
    let err = ""
    const rl = readline.createInterface({ input: child.stdout })
    rl.on("line", (line) => {
      if(!line.startsWith("{")){ return }
      let o = null
      try { o = JSON.parse(line) } catch { return }
      if(o.sync){
        syncs++
        cgSync(o.sync, child.pid)
        child.stdin.write("go\n")
        return
      }
      results.push(o)
    })
    child.stderr.on("data", (d) => { err += d; if(err.length > 40000){ err = err.slice(-20000) } })
    const killer = setTimeout(() => child.kill("SIGKILL"), (timeoutS + 30) * 1000)
    child.on("close", async (code, signal) => {
      clearTimeout(killer)
      const result = results.length ? results[results.length - 1] : null
      if(code !== 0 || !result || result.error){
        resolve({ client, error: result?.error || `exit ${code ?? signal}`, stderr: err.slice(-2000) })
        return
      }
      if(cgSync){ result.syncs = syncs }
      // the sender prints its line when the flood's last byte left or the connection closed
      const key = result.scenario === "flood" ? "flood" : "connection"
      const expect = !wrap.length && (key === "flood" || ["pipeline", "rtt", "burst", "offline"].includes(result.scenario))
      for(let i = 0; i < 50 && expect && senderLines[key].length === before[key]; i++){ await sleep(10) }
      if(senderLines[key].length > before[key]){ result.sender = senderLines[key][senderLines[key].length - 1] }
      resolve(result)
    })
  })
}

// ---------------------------------------------------------------------------------------------
// scenarios: each run* function measures one case with its clients in one repetition

const raw = { repetitions: [], inbound: [], memory: [], sockets: [], rtt: [], reconnect: [], pipeline: [], longpoll: [], bursts: [], offline: [], callgrind: [], decode: [] }

const per100k = (r) => r.cpu_s / r.messages * 1e5
const rate = (r) => r.messages / r.wall_s

// Every broadcast of phoenix-benchsender carries {"id":1234567,…}: the clients that read it report the sum.
const SENDER_ID = 1234567

function checkFlood(r, what, fromSender = true){
  if(!check(!r.error, `${what}: ${r.error || ""} ${r.stderr || ""}`.trim())){ return false }
  if(fromSender && r.id_sum !== undefined){
    check(r.id_sum === r.count * SENDER_ID, `${what}: the handler read payload.id ${r.id_sum / SENDER_ID} times, not ${r.count}`)
  }
  return check(r.messages === r.count && r.wall_s > 0 && r.cpu_s >= 0 && r.rss_kib_after > 0,
    `${what}: implausible result ${JSON.stringify(r)}`)
}

const WITH_BASELINE = opt.baseline ? ["baseline"] : []
const WITH_QML = opt.qml ? ["qml", ...(opt["qml-baseline"] ? ["qml-baseline"] : [])] : []
const INBOUND_CLIENTS = ["bare-recv", "bare-parse", "phoenixqt", "phoenixjs", ...WITH_QML, ...WITH_BASELINE]
const MEMORY_CLIENTS = ["phoenixqt", "phoenixjs", ...WITH_QML.filter((c) => c === "qml")]
const MEMORY_RUN_CLIENTS = [...MEMORY_CLIENTS, ...(opt.qml ? ["qml-plain"] : [])]

async function runInbound(run, kind, key){
  const p = kind === "size" ? P.size[key] : P.channel[key]
  const size = kind === "size" ? key : 100
  const channels = kind === "size" ? 1 : key
  const rep = { run, kind, key, count: p.count, warmup: p.warmup, results: {} }
  for(const c of rotate(INBOUND_CLIENTS, run)){
    const r = await runClient(c, ["--scenario", "flood", "--count", String(p.count), "--warmup", String(p.warmup),
      "--size", String(size), "--channels", String(channels)])
    checkFlood(r, `${kind} ${key} ${c} run ${run + 1}`)
    rep.results[c] = r
  }
  raw.inbound.push(rep)
  log(`${kind === "size" ? "throughput" : "channels"} ${key}${kind === "size" ? " B" : ""} run ${run + 1}/${RUNS}:`,
    INBOUND_CLIENTS.map((c) => `${c} ${fmt(rate(rep.results[c]))}/s ${fmt(per100k(rep.results[c]))} CPU s/100k`).join(", "))
}

const perChannel = (r) => r && !r.error ? (r.rss_kib_after - r.rss_kib_before) * 1024 / r.channels : NaN
const heapPerChannel = (r) => r && !r.error ? (r.heap_after - r.heap_before) / r.channels : NaN
const perSocket = (r) => r && !r.error ? (r.rss_kib_after - r.rss_kib_before) * 1024 / r.sockets : NaN
const heapPerSocket = (r) => r && !r.error ? (r.heap_after - r.heap_before) / r.sockets : NaN
const ok = (r) => r && !r.error

async function runMemory(run){
  const n = P.memoryChannels
  const rep = { run, channels: n, results: {} }
  for(const c of rotate([...MEMORY_RUN_CLIENTS, ...WITH_BASELINE], run)){
    const r = await runClient(c, ["--scenario", c === "qml-plain" ? "memory-plain" : "memory", "--channels", String(n)])
    if(check(!r.error, `memory ${c} run ${run + 1}: ${r.error || ""} ${r.stderr || ""}`.trim())){
      check(r.joined === (c === "qml-plain" ? 0 : n) && r.rss_kib_after > r.rss_kib_before, `memory ${c}: implausible ${JSON.stringify(r)}`)
    }
    rep.results[c] = r
  }
  raw.memory.push(rep)
  const srep = { run, sockets: P.sockets, results: {} }
  for(const c of rotate(["bare-recv", "phoenixqt", "phoenixjs"], run)){
    const r = await runClient(c, ["--scenario", "sockets", "--sockets", String(P.sockets)])
    if(check(!r.error, `sockets ${c} run ${run + 1}: ${r.error || ""} ${r.stderr || ""}`.trim())){
      check(r.sockets === P.sockets && r.rss_kib_after > 0 && r.rss_kib_before > 0, `sockets ${c}: implausible ${JSON.stringify(r)}`)
    }
    srep.results[c] = r
  }
  raw.sockets.push(srep)
  log(`memory run ${run + 1}/${RUNS}:`, MEMORY_RUN_CLIENTS.map((c) => `${c} ${fmt(perChannel(rep.results[c]))} B/channel${srep.results[c] ? `, ${fmt(perSocket(srep.results[c]))} B/socket` : ""}`).join(", "),
    ...(opt.baseline ? [`, baseline ${fmt(perChannel(rep.results.baseline))} B/channel`] : []))
}

async function runRtt(run){
  const rep = { run, pings: P.pings, results: {} }
  for(const c of rotate(["bare-recv", "phoenixqt", "phoenixjs"], run)){
    const r = await runClient(c, ["--scenario", "rtt", "--pings", String(P.pings), "--size", "100"])
    if(check(!r.error, `rtt ${c} run ${run + 1}: ${r.error || ""} ${r.stderr || ""}`.trim())){
      check(r.pings === P.pings && r.rtt_us.p50 > 0 && r.rtt_us.p99 >= r.rtt_us.p50, `rtt ${c}: implausible ${JSON.stringify(r)}`)
    }
    rep.results[c] = r
  }
  raw.rtt.push(rep)
  log(`rtt run ${run + 1}/${RUNS}:`, ["bare-recv", "phoenixqt", "phoenixjs"].map((c) => `${c} p50 ${fmt(rep.results[c].rtt_us?.p50)} µs`).join(", "))
}

async function runReconnect(run){
  const rep = { run, channels: P.reconnectChannels, results: {} }
  for(const c of rotate(["phoenixqt", "phoenixjs"], run)){
    const r = await runClient(c, ["--scenario", "reconnect", "--channels", String(P.reconnectChannels), "--down-ms", String(P.downMs)])
    if(check(!r.error, `reconnect ${c} run ${run + 1}: ${r.error || ""} ${r.stderr || ""}`.trim())){
      check(r.up_to_joined_ms > 0 && r.open_to_joined_ms > 0, `reconnect ${c}: implausible ${JSON.stringify(r)}`)
    }
    rep.results[c] = r
  }
  raw.reconnect.push(rep)
  log(`reconnect run ${run + 1}/${RUNS}:`, ["phoenixqt", "phoenixjs"].map((c) => `${c} ${fmt(rep.results[c].up_to_joined_ms)} ms`).join(", "))
}

// ---- LongPoll (issue 9): PhoenixQt and phoenix.js over LongPoll against one phoenix-devserver ----
// phoenix-benchsender speaks only WebSocket; the dev server serves both transports from one core, so
// both clients get the same server: its "flood" event (count flood_msg pushes of about `size` bytes)
// and its "echo" event (ok reply with the payload).
let devserver = null
let devserverPort = 0

function startDevserver(){
  return new Promise((resolve, reject) => {
    devserver = spawn(opt.devserver, ["--port", "0", "--print-port", "--quiet", "--no-presence", "--idle-timeout", "0",
      "--max-channels", "1000"], { stdio: ["ignore", "pipe", "pipe"] })
    devserver.on("error", reject)
    devserver.stderr.on("data", () => {})
    const rl = readline.createInterface({ input: devserver.stdout })
    rl.on("line", (line) => {
      if(line.startsWith("PORT ")){ devserverPort = Number(line.slice(5)); resolve() }
    })
    setTimeout(() => reject(new Error("phoenix-devserver did not start")), 10000).unref()
  })
}

function stopDevserver(){
  if(devserver && devserver.exitCode === null){ devserver.kill("SIGTERM") }
}

const LONGPOLL_CLIENTS = ["phoenixqt", "phoenixjs"]
const longpollArgs = ["--transport", "longpoll", "--server", "devserver"]

async function runLongPoll(run){
  const p = P.longpoll
  if(!devserver){ await startDevserver() }
  const rep = { run, results: {}, rtt: {} }
  for(const c of rotate(LONGPOLL_CLIENTS, run)){
    const r = await runClient(c, ["--scenario", "flood", "--count", String(p.count), "--warmup", String(p.warmup),
      "--size", String(p.size), "--channels", "1", ...longpollArgs], { port: devserverPort })
    checkFlood(r, `longpoll flood ${c} run ${run + 1}`, false)
    rep.results[c] = r
    const t = await runClient(c, ["--scenario", "rtt", "--pings", String(p.pings), "--size", String(p.size), ...longpollArgs],
      { port: devserverPort })
    if(check(!t.error, `longpoll rtt ${c} run ${run + 1}: ${t.error || ""} ${t.stderr || ""}`.trim())){
      check(t.pings === p.pings && t.rtt_us.p50 > 0 && t.rtt_us.p99 >= t.rtt_us.p50, `longpoll rtt ${c}: implausible ${JSON.stringify(t)}`)
    }
    rep.rtt[c] = t
  }
  raw.longpoll.push(rep)
  log(`longpoll run ${run + 1}/${RUNS}:`, LONGPOLL_CLIENTS.map((c) => `${c} ${fmt(ok(rep.results[c]) ? rate(rep.results[c]) : NaN)}/s ` +
    `${fmt(ok(rep.results[c]) ? per100k(rep.results[c]) : NaN)} CPU s/100k, rtt p50 ${fmt(rep.rtt[c].rtt_us?.p50)} µs`).join(", "))
}

const PIPELINE_CLIENTS = ["bare-recv", "bare-parse", "phoenixqt", "phoenixjs", ...(opt.qml ? ["qml", "qml-receive"] : []),
  ...(opt["qml-baseline"] ? ["qml-baseline"] : []), ...WITH_BASELINE]
const pipelineArgs = (p) => ["--scenario", "pipeline", "--count", String(p.count), "--warmup", String(p.warmup),
  "--window", String(p.window), "--size", String(p.size)]
const pushRate = (r) => r.pushes / r.wall_s
const cpuPerPushUs = (r) => r.cpu_s / r.pushes * 1e6

async function runPipeline(run){
  const p = P.pipeline
  const rep = { run, ...p, results: {} }
  for(const c of rotate(PIPELINE_CLIENTS, run)){
    const r = await runClient(c, pipelineArgs(p))
    if(check(!r.error, `pipeline ${c} run ${run + 1}: ${r.error || ""} ${r.stderr || ""}`.trim())){
      check(r.pushes === p.count && r.wall_s > 0 && r.rtt_us.p50 > 0 && r.rtt_us.p99 >= r.rtt_us.p50,
        `pipeline ${c}: implausible ${JSON.stringify(r)}`)
      check(!r.sender || r.sender.echoes === p.count + p.warmup, `pipeline ${c}: the sender answered ${r.sender?.echoes} echo pushes, not ${p.count + p.warmup}`)
    }
    rep.results[c] = r
  }
  raw.pipeline.push(rep)
  log(`pipeline run ${run + 1}/${RUNS}:`, PIPELINE_CLIENTS.map((c) => `${c} ${fmt(pushRate(rep.results[c]))} pushes/s`).join(", "))
}

// Issue 8's outbound scale: bursts of echo pushes on one channel, and pushes made while offline.
async function runScale(){
  const s = P.scale
  for(let run = 0; run < s.runs; run++){
    for(const b of s.bursts){
      const r = await runClient("phoenixqt", ["--scenario", "burst", "--count", String(b.count), "--repeat", String(b.repeat),
        "--size", String(s.size)], { timeoutS: s.timeout })
      if(check(!r.error, `burst ${b.count}×${b.repeat} run ${run + 1}: ${r.error || ""} ${r.stderr?.slice(-500) || ""}`.trim())){
        check(r.bursts.length === b.repeat && r.total_s > 0, `burst ${b.count}×${b.repeat}: implausible ${JSON.stringify(r).slice(0, 500)}`)
        check(!r.sender || r.sender.echoes === b.count * b.repeat, `burst ${b.count}×${b.repeat}: the sender answered ${r.sender?.echoes} echo pushes`)
      }
      raw.bursts.push({ run, count: b.count, repeat: b.repeat, result: r })
      log(`burst ${b.count}×${b.repeat} run ${run + 1}/${s.runs}:`, r.error ? r.error : `${fmt(r.total_s)} s, longest freeze ${fmt(r.max_gap_ms)} ms`)
    }
  }
  // The baseline (as many pushes as the buffer takes) tells what the accepted pushes hold, so that
  // the big case tells what each refused push leaves behind.
  for(let run = 0; run < s.offlineRuns; run++){
    for(const count of [s.offline.baseline, s.offline.count]){
      const r = await runClient("phoenixqt", ["--scenario", "offline", "--count", String(count), "--size", String(s.size)],
        { timeoutS: s.timeout })
      if(check(!r.error, `offline ${count} run ${run + 1}: ${r.error || ""} ${r.stderr?.slice(-500) || ""}`.trim())){
        // every push either is answered after the connect or fails with an error: none is lost
        check(r.accepted + r.rejected === count && r.replied === r.accepted,
          `offline ${count}: ${r.accepted} accepted + ${r.rejected} refused, ${r.replied} answered`)
        check(r.accepted > 0 && r.accepted <= r.send_buffer_limit, `offline ${count}: ${r.accepted} pushes buffered, limit ${r.send_buffer_limit}`)
      }
      raw.offline.push({ run, count, result: r })
      log(`offline ${count} run ${run + 1}/${s.offlineRuns}:`, r.error ? r.error
        : `pushes made in ${fmt(r.make_s)} s, settled after ${fmt(r.settled_s)} s, longest freeze ${fmt(r.max_gap_ms)} ms, ` +
          `RSS +${fmt((r.rss_kib_after - r.rss_kib_before) / 1024)} MiB, ${r.log_lines} log lines`)
    }
  }
}

// ---------------------------------------------------------------------------------------------
// callgrind: instructions per message (per push) of every case

const haveValgrind = () => spawnSync("valgrind", ["--version"], { stdio: "ignore" }).status === 0

// The Ir total of the dump named `name` (client request or callgrind_control) among `<base>.*`.
function callgrindIr(base, name){
  const dir = path.dirname(base)
  const prefix = path.basename(base)
  const trigger = new RegExp(`^desc: Trigger: .*\\b${name}$`, "m")
  for(const f of fs.readdirSync(dir).filter((x) => x.startsWith(prefix))){
    const text = fs.readFileSync(path.join(dir, f), "utf8")
    if(!trigger.test(text)){ continue }
    const m = text.match(/^summary: (\d+)/m) || text.match(/^totals: (\d+)/m)
    if(m){ return Number(m[1]) }
  }
  return NaN
}

// The phoenix.js client under callgrind: instrumentation off until the measured part; then the
// driver switches it on and zeroes the counts, and dumps them as "flood" at the end.
function callgrindControl(what, pid){
  const run = (args) => spawnSync("callgrind_control", [...args, String(pid)], { encoding: "utf8" })
  if(what === "start"){
    check(run(["--instr=on"]).status === 0 && run(["--zero"]).status === 0, `callgrind_control could not start counting in ${pid}`)
  } else {
    check(run(["--dump=flood"]).status === 0, `callgrind_control could not dump ${pid}`)
  }
}

async function callgrind(){
  if(fs.readFileSync(opt.phoenixqt).includes("__asan_init")){
    log("sanitizer build: valgrind cannot run it, the instructions-per-message figures are skipped")
    raw.callgrind.push({ skipped: "sanitizer build (valgrind cannot run AddressSanitizer binaries)" })
    return
  }
  // without valgrind the decode program and the phoenix.js handshake still run (the quick run's check)
  await decodeNative()
  if(!haveValgrind()){
    log("valgrind not found: the instructions-per-message figures are skipped")
    raw.callgrind.push({ skipped: "valgrind not installed" })
    return
  }
  const cgDir = path.join(rawDir, "callgrind")
  fs.rmSync(cgDir, { recursive: true, force: true })
  fs.mkdirSync(cgDir, { recursive: true })
  const cases = [
    ...P.cg.inbound.map((c) => ({ ...c, clients: INBOUND_CLIENTS,
      args: ["--scenario", "flood", "--count", String(c.count), "--warmup", String(c.warmup), "--size", String(c.size), "--channels", String(c.channels)] })),
    { key: "pipeline", ...P.cg.pipeline, clients: PIPELINE_CLIENTS, args: pipelineArgs(P.cg.pipeline) },
  ]
  for(let run = 0; run < CG_RUNS; run++){
    for(const k of cases){
      const rep = { run, key: k.key, count: k.count, results: {} }
      for(const c of k.clients){
        const base = path.join(cgDir, `${k.key.replace(":", "-")}.${c}.${run}.out`)
        let r
        if(c === "phoenixjs" && Q){
          // Node under valgrind needs half a minute: the quick run checks the handshake natively
          r = await runClient(c, k.args, { cgSync: () => {} })
          if(check(!r.error && r.syncs === 2, `callgrind handshake of the phoenix.js client (${k.key}): ${r.error || `${r.syncs} syncs`}`)){ r.ir = NaN }
          rep.results[c] = r
          continue
        }
        if(c.startsWith("qml") && Q){
          // the QML engine under valgrind needs a minute: the quick run checks the client natively
          r = await runClient(c, k.args)
          if(check(!r.error, `the QML client natively (${k.key}): ${r.error || ""}`)){ r.ir = NaN }
          rep.results[c] = r
          continue
        }
        const js = c === "phoenixjs"
        r = await runClient(c, k.args, {
          wrap: ["valgrind", "--tool=callgrind", "--instr-atstart=no", `--callgrind-out-file=${base}`],
          timeoutS: 900, cgSync: js ? callgrindControl : null,
        })
        if(check(!r.error, `callgrind ${k.key} ${c} run ${run + 1}: ${r.error || ""} ${r.stderr?.slice(-500) || ""}`.trim())){
          r.ir = callgrindIr(base, "flood")
          check(r.ir > 0, `callgrind ${k.key} ${c}: no "flood" dump in ${base}.*`)
          r.ir_per_msg = r.ir / k.count
        }
        rep.results[c] = r
      }
      raw.callgrind.push(rep)
      log(`callgrind ${k.key} run ${run + 1}/${CG_RUNS}:`, k.clients.map((c) => `${c} ${fmt(rep.results[c].ir_per_msg)} Ir`).join(", "))
    }
    // the decode step alone (no network): QJsonDocument vs PhoenixV2JsonSerializer
    const base = path.join(cgDir, `decode.${run}.out`)
    const r = spawnSync("valgrind", ["--tool=callgrind", "--instr-atstart=no", `--callgrind-out-file=${base}`,
      opt.decode, "--count", String(P.cg.decodeCount), "--size", "100"], { encoding: "utf8" })
    const good = check(r.status === 0, `decode under callgrind: exit ${r.status}`)
    const parseIr = good ? callgrindIr(base, "parse") / P.cg.decodeCount : NaN
    const decodeIr = good ? callgrindIr(base, "decode") / P.cg.decodeCount : NaN
    if(good){ check(parseIr > 0 && decodeIr > 0, "decode: no callgrind dumps") }
    raw.decode.push({ run, parse_ir: parseIr, decode_ir: decodeIr })
  }
}

async function decodeNative(){
  const r = spawnSync(opt.decode, ["--count", String(Q ? 2000 : 200000), "--size", "100"], { encoding: "utf8" })
  let result = null
  try { result = JSON.parse(r.stdout.trim().split("\n").pop()) } catch { result = null }
  check(r.status === 0 && result && result.parse_ns > 0 && result.decode_ns > 0, `bench-decode: ${r.stderr || r.status}`)
  raw.decodeNative = result
}

// ---------------------------------------------------------------------------------------------
// summaries (every figure: {min, q1, median, q3, max, n} over the repetitions)

function summarize(){
  const S = {}
  const byRep = (reps) => ({
    by: (c, f) => stats(reps.map((x) => ok(x.results[c]) ? f(x.results[c]) : NaN)),
    rr: (a, b, f, g = f) => stats(reps.map((x) => ok(x.results[a]) && ok(x.results[b]) ? ratio(f(x.results[a]), g(x.results[b])) : NaN)),
  })
  const clientsOf = (reps) => INBOUND_CLIENTS.filter((c) => reps.some((x) => x.results[c]))
  const inbound = (kind, key) => {
    const reps = raw.inbound.filter((x) => x.kind === kind && x.key === key)
    const { by, rr } = byRep(reps)
    const cs = clientsOf(reps)
    return {
      reps,
      summary: {
        count: reps[0]?.count, warmup: reps[0]?.warmup,
        rate: Object.fromEntries(cs.map((c) => [c, by(c, rate)])),
        cpu: Object.fromEntries(cs.map((c) => [c, by(c, per100k)])),
        ratios: {
          qt_vs_parse_cpu: rr("phoenixqt", "bare-parse", per100k),
          qt_vs_recv_cpu: rr("phoenixqt", "bare-recv", per100k),
          qt_vs_js_cpu: rr("phoenixqt", "phoenixjs", per100k),
          qt_vs_js_rate: rr("phoenixqt", "phoenixjs", rate),
          ...(opt.baseline ? { qt_vs_baseline_cpu: rr("phoenixqt", "baseline", per100k), baseline_vs_js_cpu: rr("baseline", "phoenixjs", per100k) } : {}),
          ...(opt.qml ? {
            qml_vs_js_cpu: rr("qml", "phoenixjs", per100k), qml_vs_qt_cpu: rr("qml", "phoenixqt", per100k),
            qml_vs_js_rate: rr("qml", "phoenixjs", rate),
            ...(opt["qml-baseline"] ? { qml_vs_qml_baseline_cpu: rr("qml", "qml-baseline", per100k), qml_baseline_vs_js_cpu: rr("qml-baseline", "phoenixjs", per100k) } : {}),
          } : {}),
        },
        // load source check: the sender's CPU per 100k messages while it flooded each client, and
        // the fastest client's rate against the bare receiver's in the same repetition
        sender: Object.fromEntries(cs.map((c) => [c, by(c, (r) => r.sender ? r.sender.cpu_s / r.sender.count * 1e5 : NaN)])),
        fastest_vs_recv_rate: stats(reps.map((x) => ratio(Math.max(...["bare-parse", "phoenixqt", "phoenixjs"].map((c) => ok(x.results[c]) ? rate(x.results[c]) : 0)),
          ok(x.results["bare-recv"]) ? rate(x.results["bare-recv"]) : NaN))),
        perChannel: Object.fromEntries(MEMORY_CLIENTS.map((c) => [c, by(c, perChannel)])),
        heapPerChannel: Object.fromEntries(MEMORY_CLIENTS.map((c) => [c, by(c, heapPerChannel)])),
        memRatio: rr("phoenixqt", "phoenixjs", perChannel),
        // what a QML channel item costs beyond the C++ channel it wraps (same repetition)
        ...(opt.qml ? { qmlBeyondQt: stats(reps.map((x) => ok(x.results.qml) && ok(x.results.phoenixqt) ? perChannel(x.results.qml) - perChannel(x.results.phoenixqt) : NaN)) } : {}),
      },
    }
  }
  if(wanted("throughput")){
    S.throughput = { sizes: P.sizes, cases: Object.fromEntries(P.sizes.map((s) => [s, inbound("size", s).summary])) }
  }
  if(wanted("channels")){
    S.channels = { channels: P.channels, cases: {} }
    // PhoenixQt's CPU per message at n channels against 1 channel, within each repetition (the
    // 1-channel row, or else the 100 B case of the same repetition)
    const oneChannel = (run) => raw.inbound.find((x) => x.run === run && x.kind === "channels" && x.key === 1)
      || raw.inbound.find((x) => x.run === run && x.kind === "size" && x.key === 100)
    for(const n of P.channels){
      const { reps, summary } = inbound("channels", n)
      summary.ratios.qt_vs_qt1_cpu = stats(reps.map((x) => {
        const one = oneChannel(x.run)?.results.phoenixqt
        return ok(x.results.phoenixqt) && ok(one) ? ratio(per100k(x.results.phoenixqt), per100k(one)) : NaN
      }))
      S.channels.cases[n] = summary
    }
    // The 1-channel row repeats the 100 B case: both must tell the same story.
    if(wanted("throughput") && P.channels.includes(1)){
      const a = S.throughput.cases[100], b = S.channels.cases[1]
      const rel = (x, y) => x && y ? Math.abs(x.median - y.median) / ((x.median + y.median) / 2) : NaN
      S.channels.consistency = {
        qt_vs_js_cpu: { throughput: a.ratios.qt_vs_js_cpu, channels: b.ratios.qt_vs_js_cpu, difference: rel(a.ratios.qt_vs_js_cpu, b.ratios.qt_vs_js_cpu) },
        qt_vs_parse_cpu: { throughput: a.ratios.qt_vs_parse_cpu, channels: b.ratios.qt_vs_parse_cpu, difference: rel(a.ratios.qt_vs_parse_cpu, b.ratios.qt_vs_parse_cpu) },
        cpu: Object.fromEntries(INBOUND_CLIENTS.map((c) => [c, { throughput: a.cpu[c], channels: b.cpu[c], difference: rel(a.cpu[c], b.cpu[c]) }])),
      }
    }
  }
  if(wanted("memory")){
    const lib = byRep(raw.memory), soc = byRep(raw.sockets)
    S.memory = {
      channels: P.memoryChannels, sockets: P.sockets,
      libPerChannel: Object.fromEntries([...MEMORY_RUN_CLIENTS, ...WITH_BASELINE].map((c) => [c, lib.by(c, perChannel)])),
      libHeapPerChannel: Object.fromEntries([...MEMORY_RUN_CLIENTS, ...WITH_BASELINE].map((c) => [c, lib.by(c, heapPerChannel)])),
      libRatio: lib.rr("phoenixqt", "phoenixjs", perChannel),
      ...(opt.baseline ? { libVsBaseline: lib.rr("phoenixqt", "baseline", perChannel) } : {}),
      ...(opt.qml ? {
        // a QML channel item (with its declaration) beyond the C++ channel it wraps, and the item's own
        // part: beyond a plain QtObject item of the same declaration and the C++ channel (same repetition)
        qmlBeyondQt: stats(raw.memory.map((x) => ok(x.results.qml) && ok(x.results.phoenixqt) ? perChannel(x.results.qml) - perChannel(x.results.phoenixqt) : NaN)),
        qmlItemOwn: stats(raw.memory.map((x) => ["qml", "phoenixqt", "qml-plain"].every((c) => ok(x.results[c]))
          ? perChannel(x.results.qml) - perChannel(x.results.phoenixqt) - perChannel(x.results["qml-plain"]) : NaN)),
      } : {}),
      perSocket: Object.fromEntries(["bare-recv", "phoenixqt", "phoenixjs"].map((c) => [c, soc.by(c, perSocket)])),
      heapPerSocket: Object.fromEntries(["bare-recv", "phoenixqt", "phoenixjs"].map((c) => [c, soc.by(c, heapPerSocket)])),
      qt_vs_js: soc.rr("phoenixqt", "phoenixjs", perSocket),
      qt_vs_bare: soc.rr("phoenixqt", "bare-recv", perSocket),
    }
  }
  if(wanted("rtt")){
    const { by, rr } = byRep(raw.rtt)
    const k = (key) => (r) => r.rtt_us[key]
    S.rtt = { pings: P.pings, clients: {} }
    for(const c of ["bare-recv", "phoenixqt", "phoenixjs"]){ S.rtt.clients[c] = { p50: by(c, k("p50")), p99: by(c, k("p99")) } }
    S.rtt.ratios = {
      qt_vs_bare_p50: rr("phoenixqt", "bare-recv", k("p50")), qt_vs_bare_p99: rr("phoenixqt", "bare-recv", k("p99")),
      qt_vs_js_p50: rr("phoenixqt", "phoenixjs", k("p50")), qt_vs_js_p99: rr("phoenixqt", "phoenixjs", k("p99")),
    }
  }
  if(wanted("reconnect")){
    const { by, rr } = byRep(raw.reconnect)
    const k = (key) => (r) => r[key]
    S.reconnect = { channels: P.reconnectChannels, downMs: P.downMs, clients: {} }
    for(const c of ["phoenixqt", "phoenixjs"]){ S.reconnect.clients[c] = { up: by(c, k("up_to_joined_ms")), open: by(c, k("open_to_joined_ms")) } }
    S.reconnect.ratios = { up: rr("phoenixqt", "phoenixjs", k("up_to_joined_ms")), open: rr("phoenixqt", "phoenixjs", k("open_to_joined_ms")) }
  }
  if(wanted("pipeline")){
    const { by, rr } = byRep(raw.pipeline)
    const p50 = (r) => r.rtt_us.p50, p99 = (r) => r.rtt_us.p99
    S.pipeline = {
      ...P.pipeline,
      rate: Object.fromEntries(PIPELINE_CLIENTS.map((c) => [c, by(c, pushRate)])),
      cpu: Object.fromEntries(PIPELINE_CLIENTS.map((c) => [c, by(c, cpuPerPushUs)])),
      p50: Object.fromEntries(PIPELINE_CLIENTS.map((c) => [c, by(c, p50)])),
      p99: Object.fromEntries(PIPELINE_CLIENTS.map((c) => [c, by(c, p99)])),
      sender: Object.fromEntries(PIPELINE_CLIENTS.map((c) => [c, by(c, (r) => r.sender ? r.sender.cpu_s / r.sender.echoes * 1e6 : NaN)])),
      ratios: {
        qt_vs_js_rate: rr("phoenixqt", "phoenixjs", pushRate),
        qt_vs_js_cpu: rr("phoenixqt", "phoenixjs", cpuPerPushUs),
        qt_vs_parse_cpu: rr("phoenixqt", "bare-parse", cpuPerPushUs),
        qt_vs_js_p50: rr("phoenixqt", "phoenixjs", p50),
        qt_vs_js_p99: rr("phoenixqt", "phoenixjs", p99),
        ...(opt.qml ? {
          qml_vs_js_rate: rr("qml", "phoenixjs", pushRate), qml_receive_vs_js_rate: rr("qml-receive", "phoenixjs", pushRate),
          qml_vs_js_cpu: rr("qml", "phoenixjs", cpuPerPushUs), qml_receive_vs_js_cpu: rr("qml-receive", "phoenixjs", cpuPerPushUs),
          qml_vs_qt_cpu: rr("qml", "phoenixqt", cpuPerPushUs), qml_receive_vs_qt_cpu: rr("qml-receive", "phoenixqt", cpuPerPushUs),
          ...(opt["qml-baseline"] ? { qml_vs_qml_baseline_rate: rr("qml", "qml-baseline", pushRate), qml_baseline_vs_js_rate: rr("qml-baseline", "phoenixjs", pushRate) } : {}),
        } : {}),
      },
    }
  }
  if(wanted("longpoll") && raw.longpoll.length){
    const { by, rr } = byRep(raw.longpoll)
    const rtts = raw.longpoll.map((x) => ({ results: x.rtt }))
    const t = byRep(rtts)
    const p50 = (r) => r.rtt_us.p50, p99 = (r) => r.rtt_us.p99
    S.longpoll = {
      ...P.longpoll,
      rate: Object.fromEntries(LONGPOLL_CLIENTS.map((c) => [c, by(c, rate)])),
      cpu: Object.fromEntries(LONGPOLL_CLIENTS.map((c) => [c, by(c, per100k)])),
      p50: Object.fromEntries(LONGPOLL_CLIENTS.map((c) => [c, t.by(c, p50)])),
      p99: Object.fromEntries(LONGPOLL_CLIENTS.map((c) => [c, t.by(c, p99)])),
      ratios: {
        qt_vs_js_rate: rr("phoenixqt", "phoenixjs", rate),
        qt_vs_js_cpu: rr("phoenixqt", "phoenixjs", per100k),
        qt_vs_js_p50: t.rr("phoenixqt", "phoenixjs", p50),
        qt_vs_js_p99: t.rr("phoenixqt", "phoenixjs", p99),
      },
    }
  }
  if(wanted("scale")){
    const s = P.scale
    const good = (x) => ok(x.result)
    const burstCase = (b) => {
      const reps = raw.bursts.filter((x) => x.count === b.count && x.repeat === b.repeat)
      const f = (g) => stats(reps.filter(good).map((x) => g(x.result)))
      return {
        count: b.count, repeat: b.repeat, runs: reps.length, failed: reps.filter((x) => !good(x)).map((x) => x.result.error),
        total_s: f((r) => r.total_s),
        per_push_us: f((r) => r.total_s / (b.count * b.repeat) * 1e6),
        make_s: f((r) => r.bursts.reduce((a, x) => a + x.make_s, 0)),
        replied_s: f((r) => r.bursts.reduce((a, x) => a + x.replied_s, 0)),
        max_gap_ms: f((r) => r.max_gap_ms),
        peak_rss_mib: f((r) => r.rss_kib_peak / 1024),
      }
    }
    const small = s.goal.small, big = s.goal.big
    const total = (b, run) => raw.bursts.find((x) => x.run === run && x.count === b.count && x.repeat === b.repeat && good(x))?.result.total_s
    const offlineCase = (count) => {
      const runs = raw.offline.filter((x) => x.count === count)
      const results = runs.filter(good).map((x) => x.result)
      const o = (g) => stats(results.map(g))
      return {
        count, runs: runs.length, failed: runs.filter((x) => !good(x)).map((x) => x.result.error),
        limit: results[0]?.send_buffer_limit, accepted: o((r) => r.accepted), rejected: o((r) => r.rejected), replied: o((r) => r.replied),
        make_s: o((r) => r.make_s), settled_s: o((r) => r.settled_s), max_gap_ms: o((r) => r.max_gap_ms),
        max_gap_after_make_ms: o((r) => r.max_gap_after_make_ms), flush_s: o((r) => r.flush_s),
        rss_growth_mib: o((r) => (r.rss_kib_after - r.rss_kib_before) / 1024),
        peak_rss_growth_mib: o((r) => (r.rss_kib_peak - r.rss_kib_peak_before) / 1024),
        heap_growth: o((r) => r.heap_after - r.heap_before),
        log_lines: o((r) => r.log_lines), socket_errors: o((r) => r.socket_errors),
      }
    }
    const base = offlineCase(s.offline.baseline), bigCase = offlineCase(s.offline.count)
    // what each refused push leaves behind: heap growth beyond the baseline's, per extra refused push
    const leftPerRefused = stats([...Array(s.offlineRuns).keys()].map((run) => {
      const a = raw.offline.find((x) => x.run === run && x.count === s.offline.baseline && good(x))?.result
      const b = raw.offline.find((x) => x.run === run && x.count === s.offline.count && good(x))?.result
      return a && b ? ratio((b.heap_after - b.heap_before) - (a.heap_after - a.heap_before), b.rejected - a.rejected) : NaN
    }))
    S.scale = {
      size: s.size, runs: s.runs,
      bursts: s.bursts.map(burstCase),
      goal: { small, big, ratio: stats([...Array(s.runs).keys()].map((run) => ratio(total(big, run), total(small, run)))) },
      offline: { ...bigCase, baseline: base, heap_left_per_refused: leftPerRefused,
        log_lines_per_refused: stats(raw.offline.filter((x) => x.count === s.offline.count && good(x)).map((x) => ratio(x.result.log_lines, x.result.rejected))) },
    }
  }
  if(wanted("callgrind")){
    const skipped = raw.callgrind.find((x) => x.skipped)
    if(skipped){
      S.callgrind = { skipped: skipped.skipped }
    } else {
      const cases = {}
      for(const key of [...new Set(raw.callgrind.map((x) => x.key))]){
        const reps = raw.callgrind.filter((x) => x.key === key)
        const irOf = (r) => r.ir_per_msg
        const { by, rr } = byRep(reps)
        const cs = Object.keys(reps[0].results)
        cases[key] = {
          count: reps[0].count,
          ir: Object.fromEntries(cs.map((c) => [c, by(c, irOf)])),
          ratios: {
            qt_vs_parse: rr("phoenixqt", "bare-parse", irOf),
            qt_vs_js: rr("phoenixqt", "phoenixjs", irOf),
            ...(cs.includes("qml") ? { qml_vs_js: rr("qml", "phoenixjs", irOf), qml_vs_qt: rr("qml", "phoenixqt", irOf) } : {}),
            ...(cs.includes("qml-receive") ? { qml_receive_vs_js: rr("qml-receive", "phoenixjs", irOf), qml_receive_vs_qt: rr("qml-receive", "phoenixqt", irOf) } : {}),
            ...(cs.includes("baseline") ? { qt_vs_baseline: rr("phoenixqt", "baseline", irOf) } : {}),
            qt_addon_vs_parse_addon: stats(reps.map((x) => ["phoenixqt", "bare-parse", "bare-recv"].every((c) => ok(x.results[c]))
              ? ratio(x.results.phoenixqt.ir_per_msg - x.results["bare-recv"].ir_per_msg, x.results["bare-parse"].ir_per_msg - x.results["bare-recv"].ir_per_msg) : NaN)),
          },
        }
      }
      S.callgrind = {
        cases,
        decode: {
          count: P.cg.decodeCount,
          parse: stats(raw.decode.map((x) => x.parse_ir)), serializer: stats(raw.decode.map((x) => x.decode_ir)),
          ratio: stats(raw.decode.map((x) => ratio(x.decode_ir, x.parse_ir))),
        },
      }
    }
  }
  return S
}

// ---------------------------------------------------------------------------------------------
// the machine

function machine(){
  let cpu = (os.cpus()[0] || {}).model || "unknown CPU"
  try {
    const info = fs.readFileSync("/proc/cpuinfo", "utf8")
    const flags = (info.match(/^flags\s*:(.*)$/m) || [])[1] || ""
    const mhz = (info.match(/^cpu MHz\s*:\s*([\d.]+)/m) || [])[1]
    cpu = `${cpu}${mhz ? ` @ ${Math.round(Number(mhz))} MHz` : ""}${flags.includes(" hypervisor") ? " (virtual machine)" : ""}`
  } catch { /* not Linux */ }
  let debian = ""
  try { debian = fs.readFileSync("/etc/debian_version", "utf8").trim() } catch { /* not Debian */ }
  const pkg = (name) => { try { return JSON.parse(fs.readFileSync(path.join(nodeDir, "node_modules", name, "package.json"), "utf8")).version } catch { return "?" } }
  const vg = spawnSync("valgrind", ["--version"], { encoding: "utf8" }).stdout?.trim() || "not installed"
  return { cpu, cores: os.cpus().length, kernel: os.release(), debian, node: process.version, phoenix: pkg("phoenix"), ws: pkg("ws"), valgrind: vg }
}

// ---------------------------------------------------------------------------------------------

async function main(){
  const t0 = Date.now()
  const startedAt = new Date().toISOString().replace("T", " ").replace(/\..*/, " UTC")
  const loadBefore = os.loadavg()
  ensureNodeModules()
  await startSender()
  log(`sender on port ${senderPort}; ${Q ? "quick run" : "full run"}: ${opt.sections.join(", ")}; ${RUNS} repetition(s)`)
  const whole = foreignSampler()
  try {
    const timed = ["throughput", "channels", "memory", "rtt", "reconnect", "pipeline", "longpoll"].filter(wanted)
    if(timed.length){
      for(let run = 0; run < RUNS; run++){
        const quiet = opt["wait-quiet"] > 0 ? await waitQuiet() : { before_cores: NaN, waited_s: 0 }
        const sampler = foreignSampler()
        if(wanted("throughput")){ for(const s of P.sizes){ await runInbound(run, "size", s) } }
        if(wanted("channels")){ for(const n of P.channels){ await runInbound(run, "channels", n) } }
        if(wanted("pipeline")){ await runPipeline(run) }
        if(wanted("memory")){ await runMemory(run) }
        if(wanted("rtt")){ await runRtt(run) }
        if(wanted("reconnect")){ await runReconnect(run) }
        if(wanted("longpoll")){ await runLongPoll(run) }
        const foreign = sampler()
        raw.repetitions.push({ run, ...quiet, foreign_cores: foreign.cores, foreign_nice_cores: foreign.nice_cores, seconds: foreign.seconds, loadavg: os.loadavg() })
        log(`repetition ${run + 1}/${RUNS} took ${foreign.seconds.toFixed(0)} s; other processes used ${foreign.cores.toFixed(2)} cores meanwhile (${foreign.nice_cores.toFixed(2)} of them niced)`)
      }
    }
    if(wanted("scale")){ await runScale() }
    if(wanted("callgrind")){ await callgrind() }
  } finally {
    stopSender()
    stopDevserver()
  }
  const foreign = whole()
  const seconds = (Date.now() - t0) / 1000
  const S = summarize()
  const meta = {
    command: opt.command || `node benchmarks/driver/bench.mjs${Q ? " --quick" : ""}`,
    date: startedAt, seconds: Math.round(seconds), quick: Q, runs: RUNS, cg_runs: CG_RUNS,
    machine: machine(),
    load: {
      loadavg_before: loadBefore, loadavg_after: os.loadavg(), foreign_cores: foreign.cores, foreign_nice_cores: foreign.nice_cores,
      repetitions: raw.repetitions.map((r) => ({ run: r.run, foreign_cores: r.foreign_cores, foreign_nice_cores: r.foreign_nice_cores, before_cores: r.before_cores, waited_s: r.waited_s })),
    },
    checks: { passed: checks.passed, failed: checks.failed, failures: checks.failures.slice(0, 20) },
  }
  // merge: the sections measured now replace their old versions, the others stay as they were
  const jsonPath = path.join(opt.out, "results.json")
  let doc = { format: 2, sections: {} }
  if(opt.only && !Q){
    try {
      const old = JSON.parse(fs.readFileSync(jsonPath, "utf8"))
      if(old.format === 2){ doc = old }
    } catch { /* none yet */ }
  }
  for(const name of opt.sections){
    if(S[name]){ doc.sections[name] = { meta, params: paramsOf(name), summary: S[name] } }
  }
  doc.generated = { command: meta.command, date: startedAt }
  const made = makePlots(doc, opt.out, rawDir, check)
  fs.writeFileSync(jsonPath, JSON.stringify(doc, null, 1) + "\n")
  fs.writeFileSync(path.join(opt.out, "RESULTS.md"), renderReport(doc, made))
  fs.writeFileSync(path.join(rawDir, `raw-${Date.now()}.json`), JSON.stringify({ meta, params: P, raw }) + "\n")
  log(`wrote ${path.join(opt.out, "RESULTS.md")} in ${seconds.toFixed(0)} s; other processes used ${foreign.cores.toFixed(2)} cores on average`)
  console.log(`${checks.passed} passed, ${checks.failed} failed`)
  process.exit(checks.failed ? 1 : 0)
}

function paramsOf(name){
  switch(name){
  case "throughput": return { sizes: P.sizes, size: P.size }
  case "channels": return { channels: P.channels, channel: P.channel }
  case "memory": return { channels: P.memoryChannels, sockets: P.sockets }
  case "rtt": return { pings: P.pings }
  case "reconnect": return { channels: P.reconnectChannels, downMs: P.downMs }
  case "pipeline": return P.pipeline
  case "longpoll": return P.longpoll
  case "scale": return P.scale
  case "callgrind": return P.cg
  default: return {}
  }
}

main().catch((e) => {
  stopSender()
  stopDevserver()
  console.error(e)
  console.log(`${checks.passed} passed, ${checks.failed + 1} failed`)
  process.exit(1)
})
