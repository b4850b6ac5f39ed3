// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// The benchmark driver: starts one phoenix-benchsender, runs every scenario with every client
// (interleaved, so each repetition yields its own ratios), computes min/median/max, writes
// RESULTS.md, results.json and PNG plots (gnuplot). Run through scripts/bench.sh; CTest runs
// `--quick` (small counts, one repetition, sanity checks only, no timing assertions).
//
//   node bench.mjs [--quick] --sender PATH --bare PATH --phoenixqt PATH --decode PATH
//                  [--out DIR] [--runs N] [--only a,b] [--no-callgrind] [--command TEXT]

import { spawn, spawnSync } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import readline from "node:readline"
import { fileURLToPath } from "node:url"

const here = path.dirname(fileURLToPath(import.meta.url))
const benchDir = path.resolve(here, "..")
const nodeDir = path.join(benchDir, "node")

// ---------------------------------------------------------------------------------------------
// options

function parseArgs(argv){
  const o = {
    quick: false, sender: "", bare: "", phoenixqt: "", decode: "", out: "", runs: 0, only: "",
    callgrind: true, command: "",
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
  if(!o.out){ o.out = o.quick ? path.join(benchDir, "out", "quick") : benchDir }
  if(!o.runs){ o.runs = o.quick ? 1 : 5 }
  o.only = o.only ? o.only.split(",") : null
  return o
}

const opt = parseArgs(process.argv.slice(2))
const Q = opt.quick
const RUNS = opt.runs
const rawDir = Q ? path.join(opt.out, "raw") : path.join(benchDir, "out")
fs.mkdirSync(opt.out, { recursive: true })
fs.mkdirSync(rawDir, { recursive: true })

// Parameters of the full run (about 5 minutes on 2 idle cores) and of the quick run (well under a minute).
const P = Q ? {
  sizes: [100, 1024, 16384], sizeCount: { 100: 3000, 1024: 2000, 16384: 300 },
  channels: [1, 100, 1000], channelCount: 3000, sockets: 50, pings: 200, reconnectChannels: 100,
  downMs: 200, cgCount: 500, decodeCount: 2000, timeout: 60,
} : {
  sizes: [100, 1024, 16384], sizeCount: { 100: 500000, 1024: 250000, 16384: 40000 },
  channels: [1, 100, 1000, 10000], channelCount: 100000, sockets: 1000, pings: 10000, reconnectChannels: 1000,
  downMs: 500, cgCount: 20000, decodeCount: 20000, timeout: 180,
}

const log = (...args) => console.error("[bench]", ...args)
const wanted = (name) => !opt.only || opt.only.includes(name)

// ---------------------------------------------------------------------------------------------
// stats

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  if(s.length === 0){ return NaN }
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const stats = (xs) => {
  const v = xs.filter((x) => Number.isFinite(x))
  return v.length ? { min: Math.min(...v), median: median(v), max: Math.max(...v), n: v.length } : null
}
const fmt = (x, digits = 3) => {
  if(x === null || x === undefined || !Number.isFinite(x)){ return "–" }
  const a = Math.abs(x)
  if(a >= 1e6){ return (x / 1e6).toFixed(2) + " M" }
  if(a >= 1e4){ return (x / 1e3).toFixed(1) + " k" }
  if(a >= 100){ return x.toFixed(0) }
  if(a >= 10){ return x.toFixed(1) }
  return x.toPrecision(digits)
}
const fmtStats = (s, digits) => s ? `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})` : "–"

// ---------------------------------------------------------------------------------------------
// sanity checks: the quick run's pass/fail

const checks = { passed: 0, failed: 0, failures: [] }
function check(ok, what){
  if(ok){ checks.passed++ } else { checks.failed++; checks.failures.push(what); log("CHECK FAILED:", what) }
  return ok
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
const senderFloods = []
let senderPort = 0

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
        try { senderFloods.push(JSON.parse(line).flood) } catch { /* not ours */ }
      }
    })
    setTimeout(() => reject(new Error("sender did not start")), 10000).unref()
  })
}

let stopping = false
function stopSender(){
  stopping = true
  if(sender && sender.exitCode === null){ sender.kill("SIGTERM") }
}

const CLIENTS = {
  "bare-recv": () => [opt.bare, ["--mode", "recv"]],
  "bare-parse": () => [opt.bare, ["--mode", "parse"]],
  phoenixqt: () => [opt.phoenixqt, []],
  phoenixjs: () => [process.execPath, ["--expose-gc", path.join(nodeDir, "bench-phoenixjs.mjs")]],
}
const LABEL = {
  "bare-recv": "bare QWebSocket (receive limit)",
  "bare-parse": "bare QWebSocket + QJsonDocument (parse limit)",
  phoenixqt: "PhoenixQt",
  phoenixjs: "phoenix.js 1.8.16 (Node + ws)",
}

// Runs one client; resolves with its JSON result (plus the sender's flood figures, if any) or
// {error}. `wrap` prefixes the command (valgrind).
function runClient(client, args, { wrap = [], timeoutS = P.timeout } = {}){
  const [program, base] = CLIENTS[client]()
  const argv = [...base, "--url", `ws://127.0.0.1:${senderPort}/socket`, "--timeout", String(timeoutS), ...args]
  const cmd = wrap.length ? wrap[0] : program
  const cmdArgs = wrap.length ? [...wrap.slice(1), program, ...argv] : argv
  const floodsBefore = senderFloods.length
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, QT_LOGGING_RULES: "phoenix.*.info=false;phoenix.*.debug=false" },
    })
    let out = "", err = ""
    child.stdout.on("data", (d) => { out += d })
    child.stderr.on("data", (d) => { err += d; if(err.length > 20000){ err = err.slice(-10000) } })
    const killer = setTimeout(() => child.kill("SIGKILL"), (timeoutS + 30) * 1000)
    child.on("exit", async (code, signal) => {
      clearTimeout(killer)
      const lines = out.trim().split("\n").filter((l) => l.startsWith("{"))
      let result = null
      try { result = lines.length ? JSON.parse(lines[lines.length - 1]) : null } catch { result = null }
      if(code !== 0 || !result || result.error){
        resolve({ client, error: result?.error || `exit ${code ?? signal}`, stderr: err.slice(-2000) })
        return
      }
      // the sender prints its flood line when its last byte left; give the pipe a moment
      for(let i = 0; i < 20 && senderFloods.length === floodsBefore && result.scenario === "flood" && !wrap.length; i++){
        await new Promise((r) => setTimeout(r, 10))
      }
      if(senderFloods.length > floodsBefore){ result.sender = senderFloods[senderFloods.length - 1] }
      resolve(result)
    })
  })
}

// ---------------------------------------------------------------------------------------------
// scenarios

const raw = { throughput: [], channels: [], memory: [], sockets: [], rtt: [], reconnect: [], callgrind: [], decode: [] }

const per100k = (r) => r.cpu_s / r.messages * 1e5
const rate = (r) => r.messages / r.wall_s

function checkFlood(r, what){
  if(!check(!r.error, `${what}: ${r.error || ""} ${r.stderr || ""}`.trim())){ return false }
  return check(r.messages === r.count && r.wall_s > 0 && r.cpu_s >= 0 && r.rss_kib_after > 0,
    `${what}: implausible result ${JSON.stringify(r)}`)
}

async function throughput(){
  const clients = ["bare-recv", "bare-parse", "phoenixqt", "phoenixjs"]
  for(let run = 0; run < RUNS; run++){
    for(const size of P.sizes){
      const count = P.sizeCount[size]
      const rep = { run, size, count, results: {} }
      for(const c of clients){
        const r = await runClient(c, ["--scenario", "flood", "--count", String(count), "--size", String(size)])
        checkFlood(r, `throughput ${c} ${size} B run ${run + 1}`)
        rep.results[c] = r
      }
      raw.throughput.push(rep)
      log(`throughput ${size} B run ${run + 1}/${RUNS}:`, clients.map((c) => `${c} ${fmt(rate(rep.results[c]))}/s`).join(", "))
    }
  }
}

async function channels(){
  const clients = ["bare-recv", "bare-parse", "phoenixqt", "phoenixjs"]
  for(let run = 0; run < RUNS; run++){
    for(const n of P.channels){
      const rep = { run, channels: n, count: P.channelCount, results: {} }
      for(const c of clients){
        const r = await runClient(c, ["--scenario", "flood", "--count", String(P.channelCount), "--size", "100",
          "--channels", String(n)])
        checkFlood(r, `channels ${c} ${n} run ${run + 1}`)
        rep.results[c] = r
      }
      raw.channels.push(rep)
      log(`channels ${n} run ${run + 1}/${RUNS}:`, clients.map((c) => `${c} ${fmt(rate(rep.results[c]))}/s`).join(", "))
    }
  }
}

async function memory(){
  // library only: channels joined without any per-channel handler
  const big = Math.max(...P.channels)
  for(let run = 0; run < RUNS; run++){
    const rep = { run, channels: big, results: {} }
    for(const c of ["phoenixqt", "phoenixjs"]){
      const r = await runClient(c, ["--scenario", "memory", "--channels", String(big)])
      if(check(!r.error, `memory ${c} run ${run + 1}: ${r.error || ""} ${r.stderr || ""}`.trim())){
        check(r.joined === big && r.rss_kib_after > r.rss_kib_before, `memory ${c}: implausible ${JSON.stringify(r)}`)
      }
      rep.results[c] = r
    }
    raw.memory.push(rep)
    log(`memory run ${run + 1}/${RUNS}:`, ["phoenixqt", "phoenixjs"].map((c) => `${c} ${fmt(perChannel(rep.results[c]))} B/channel`).join(", "))
  }
  await sockets()
}

async function sockets(){
  const clients = ["bare-recv", "phoenixqt", "phoenixjs"]
  for(let run = 0; run < RUNS; run++){
    const rep = { run, sockets: P.sockets, results: {} }
    for(const c of clients){
      const r = await runClient(c, ["--scenario", "sockets", "--sockets", String(P.sockets)])
      if(check(!r.error, `sockets ${c} run ${run + 1}: ${r.error || ""} ${r.stderr || ""}`.trim())){
        check(r.sockets === P.sockets && r.rss_kib_after > 0 && r.rss_kib_before > 0, `sockets ${c}: implausible ${JSON.stringify(r)}`)
      }
      rep.results[c] = r
    }
    raw.sockets.push(rep)
    log(`sockets run ${run + 1}/${RUNS}:`, clients.map((c) => `${c} ${fmt(perSocket(rep.results[c]))} B`).join(", "))
  }
}

async function rtt(){
  const clients = ["bare-recv", "phoenixqt", "phoenixjs"]
  for(let run = 0; run < RUNS; run++){
    const rep = { run, pings: P.pings, results: {} }
    for(const c of clients){
      const r = await runClient(c, ["--scenario", "rtt", "--pings", String(P.pings), "--size", "100"])
      if(check(!r.error, `rtt ${c} run ${run + 1}: ${r.error || ""} ${r.stderr || ""}`.trim())){
        check(r.pings === P.pings && r.rtt_us.p50 > 0 && r.rtt_us.p99 >= r.rtt_us.p50, `rtt ${c}: implausible ${JSON.stringify(r)}`)
      }
      rep.results[c] = r
    }
    raw.rtt.push(rep)
    log(`rtt run ${run + 1}/${RUNS}:`, clients.map((c) => `${c} p50 ${fmt(rep.results[c].rtt_us?.p50)} µs`).join(", "))
  }
}

async function reconnect(){
  const clients = ["phoenixqt", "phoenixjs"]
  for(let run = 0; run < RUNS; run++){
    const rep = { run, channels: P.reconnectChannels, results: {} }
    for(const c of clients){
      const r = await runClient(c, ["--scenario", "reconnect", "--channels", String(P.reconnectChannels),
        "--down-ms", String(P.downMs)])
      if(check(!r.error, `reconnect ${c} run ${run + 1}: ${r.error || ""} ${r.stderr || ""}`.trim())){
        check(r.up_to_joined_ms > 0 && r.open_to_joined_ms > 0, `reconnect ${c}: implausible ${JSON.stringify(r)}`)
      }
      rep.results[c] = r
    }
    raw.reconnect.push(rep)
    log(`reconnect run ${run + 1}/${RUNS}:`, clients.map((c) => `${c} ${fmt(rep.results[c].up_to_joined_ms)} ms`).join(", "))
  }
}

function haveValgrind(){
  return spawnSync("valgrind", ["--version"], { stdio: "ignore" }).status === 0
}

// Reads the Ir total of the dump named `name` among callgrind's files `<base>.*`.
function callgrindIr(base, name){
  const dir = path.dirname(base)
  const prefix = path.basename(base)
  for(const f of fs.readdirSync(dir).filter((x) => x.startsWith(prefix))){
    const text = fs.readFileSync(path.join(dir, f), "utf8")
    if(!text.includes(`desc: Trigger: Client Request: ${name}`)){ continue }
    const m = text.match(/^summary: (\d+)/m) || text.match(/^totals: (\d+)/m)
    if(m){ return Number(m[1]) }
  }
  return NaN
}

async function callgrind(){
  if(!opt.callgrind){ return }
  if(fs.readFileSync(opt.phoenixqt).includes("__asan_init")){
    log("sanitizer build: valgrind cannot run it, the instructions-per-message figure is skipped")
    raw.callgrind.push({ skipped: "sanitizer build (valgrind cannot run AddressSanitizer binaries)" })
    return
  }
  if(!haveValgrind()){
    log("valgrind not found: the instructions-per-message figure is skipped")
    raw.callgrind.push({ skipped: "valgrind not installed" })
    return
  }
  const cgDir = path.join(rawDir, "callgrind")
  fs.rmSync(cgDir, { recursive: true, force: true })
  fs.mkdirSync(cgDir, { recursive: true })
  const clients = ["bare-recv", "bare-parse", "phoenixqt"]
  const cgRuns = Math.min(RUNS, 5)
  for(let run = 0; run < cgRuns; run++){
    const rep = { run, count: P.cgCount, size: 100, results: {} }
    for(const c of clients){
      const base = path.join(cgDir, `${c}.${run}.out`)
      const r = await runClient(c, ["--scenario", "flood", "--count", String(P.cgCount), "--size", "100"], {
        wrap: ["valgrind", "--tool=callgrind", "--instr-atstart=no", `--callgrind-out-file=${base}`],
        timeoutS: 600,
      })
      if(check(!r.error, `callgrind ${c} run ${run + 1}: ${r.error || ""} ${r.stderr || ""}`.trim())){
        r.ir = callgrindIr(base, "flood")
        check(r.ir > 0, `callgrind ${c}: no "flood" dump in ${base}.*`)
        r.ir_per_msg = r.ir / r.messages
      }
      rep.results[c] = r
    }
    raw.callgrind.push(rep)
    log(`callgrind run ${run + 1}/${cgRuns}:`, clients.map((c) => `${c} ${fmt(rep.results[c].ir_per_msg)} Ir/msg`).join(", "))
  }
  // the decode step alone (no network): QJsonDocument vs PhoenixV2JsonSerializer
  for(let run = 0; run < cgRuns; run++){
    const base = path.join(cgDir, `decode.${run}.out`)
    const r = spawnSync("valgrind", ["--tool=callgrind", "--instr-atstart=no", `--callgrind-out-file=${base}`,
      opt.decode, "--count", String(P.decodeCount), "--size", "100"], { encoding: "utf8" })
    const ok = check(r.status === 0, `decode under callgrind: exit ${r.status}`)
    const parseIr = ok ? callgrindIr(base, "parse") / P.decodeCount : NaN
    const decodeIr = ok ? callgrindIr(base, "decode") / P.decodeCount : NaN
    if(ok){ check(parseIr > 0 && decodeIr > 0, "decode: no callgrind dumps") }
    raw.decode.push({ run, parse_ir: parseIr, decode_ir: decodeIr })
  }
}

async function decodeNative(){
  // without valgrind the decode program still runs (exercised by the quick run)
  const r = spawnSync(opt.decode, ["--count", String(Q ? 2000 : 200000), "--size", "100"], { encoding: "utf8" })
  let result = null
  try { result = JSON.parse(r.stdout.trim().split("\n").pop()) } catch { result = null }
  check(r.status === 0 && result && result.parse_ns > 0 && result.decode_ns > 0, `bench-decode: ${r.stderr || r.status}`)
  raw.decodeNative = result
}

// ---------------------------------------------------------------------------------------------
// derived figures

const perChannel = (r) => r && !r.error ? (r.rss_kib_after - r.rss_kib_before) * 1024 / r.channels : NaN
const heapPerChannel = (r) => r && !r.error ? (r.heap_after - r.heap_before) / r.channels : NaN
const perSocket = (r) => r && !r.error ? (r.rss_kib_after - r.rss_kib_before) * 1024 / r.sockets : NaN
const heapPerSocket = (r) => r && !r.error ? (r.heap_after - r.heap_before) / r.sockets : NaN
const ok = (r) => r && !r.error
const ratio = (a, b) => Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : NaN

function summarize(){
  const S = { throughput: {}, channels: {}, memory: {}, rtt: {}, reconnect: {}, callgrind: null, sender: {} }
  for(const size of P.sizes){
    const reps = raw.throughput.filter((x) => x.size === size)
    const by = (c, f) => stats(reps.map((x) => ok(x.results[c]) ? f(x.results[c]) : NaN))
    const rr = (a, b, f) => stats(reps.map((x) => ok(x.results[a]) && ok(x.results[b]) ? ratio(f(x.results[a]), f(x.results[b])) : NaN))
    S.throughput[size] = {
      count: P.sizeCount[size],
      rate: Object.fromEntries(Object.keys(CLIENTS).map((c) => [c, by(c, rate)])),
      cpu: Object.fromEntries(Object.keys(CLIENTS).map((c) => [c, by(c, per100k)])),
      ratios: {
        qt_vs_parse_cpu: rr("phoenixqt", "bare-parse", per100k),
        qt_vs_recv_cpu: rr("phoenixqt", "bare-recv", per100k),
        qt_vs_js_cpu: rr("phoenixqt", "phoenixjs", per100k),
        qt_vs_js_rate: rr("phoenixqt", "phoenixjs", rate),
      },
    }
    // sender check: its CPU per 100k messages while flooding each client
    S.sender[size] = Object.fromEntries(Object.keys(CLIENTS).map((c) => [c,
      stats(reps.map((x) => ok(x.results[c]) && x.results[c].sender ? x.results[c].sender.cpu_s / x.results[c].sender.count * 1e5 : NaN))]))
  }
  for(const n of P.channels){
    const reps = raw.channels.filter((x) => x.channels === n)
    const by = (c, f) => stats(reps.map((x) => ok(x.results[c]) ? f(x.results[c]) : NaN))
    const rr = (a, b, f) => stats(reps.map((x) => ok(x.results[a]) && ok(x.results[b]) ? ratio(f(x.results[a]), f(x.results[b])) : NaN))
    S.channels[n] = {
      rate: Object.fromEntries(Object.keys(CLIENTS).map((c) => [c, by(c, rate)])),
      cpu: Object.fromEntries(Object.keys(CLIENTS).map((c) => [c, by(c, per100k)])),
      ratios: {
        qt_vs_js_rate: rr("phoenixqt", "phoenixjs", rate),
        qt_vs_js_cpu: rr("phoenixqt", "phoenixjs", per100k),
        qt_vs_parse_cpu: rr("phoenixqt", "bare-parse", per100k),
      },
      perChannel: { phoenixqt: by("phoenixqt", perChannel), phoenixjs: by("phoenixjs", perChannel) },
      heapPerChannel: { phoenixqt: by("phoenixqt", heapPerChannel), phoenixjs: by("phoenixjs", heapPerChannel) },
      memRatio: rr("phoenixqt", "phoenixjs", perChannel),
    }
  }
  {
    const reps = raw.sockets
    const by = (c, f) => stats(reps.map((x) => ok(x.results[c]) ? f(x.results[c]) : NaN))
    const rr = (a, b, f) => stats(reps.map((x) => ok(x.results[a]) && ok(x.results[b]) ? ratio(f(x.results[a]), f(x.results[b])) : NaN))
    const lib = raw.memory
    const lby = (c, f) => stats(lib.map((x) => ok(x.results[c]) ? f(x.results[c]) : NaN))
    S.memory.channels = Math.max(...P.channels)
    S.memory.libPerChannel = { phoenixqt: lby("phoenixqt", perChannel), phoenixjs: lby("phoenixjs", perChannel) }
    S.memory.libHeapPerChannel = { phoenixqt: lby("phoenixqt", heapPerChannel), phoenixjs: lby("phoenixjs", heapPerChannel) }
    S.memory.libRatio = stats(lib.map((x) => ok(x.results.phoenixqt) && ok(x.results.phoenixjs) ? ratio(perChannel(x.results.phoenixqt), perChannel(x.results.phoenixjs)) : NaN))
    S.memory.sockets = P.sockets
    S.memory.perSocket = Object.fromEntries(["bare-recv", "phoenixqt", "phoenixjs"].map((c) => [c, by(c, perSocket)]))
    S.memory.heapPerSocket = Object.fromEntries(["bare-recv", "phoenixqt", "phoenixjs"].map((c) => [c, by(c, heapPerSocket)]))
    S.memory.qt_vs_js = rr("phoenixqt", "phoenixjs", perSocket)
    S.memory.qt_vs_bare = rr("phoenixqt", "bare-recv", perSocket)
  }
  {
    const reps = raw.rtt
    const by = (c, k) => stats(reps.map((x) => ok(x.results[c]) ? x.results[c].rtt_us[k] : NaN))
    const rr = (a, b, k) => stats(reps.map((x) => ok(x.results[a]) && ok(x.results[b]) ? ratio(x.results[a].rtt_us[k], x.results[b].rtt_us[k]) : NaN))
    for(const c of ["bare-recv", "phoenixqt", "phoenixjs"]){ S.rtt[c] = { p50: by(c, "p50"), p99: by(c, "p99") } }
    S.rtt.ratios = {
      qt_vs_bare_p50: rr("phoenixqt", "bare-recv", "p50"), qt_vs_bare_p99: rr("phoenixqt", "bare-recv", "p99"),
      qt_vs_js_p50: rr("phoenixqt", "phoenixjs", "p50"), qt_vs_js_p99: rr("phoenixqt", "phoenixjs", "p99"),
    }
  }
  {
    const reps = raw.reconnect
    const by = (c, k) => stats(reps.map((x) => ok(x.results[c]) ? x.results[c][k] : NaN))
    const rr = (k) => stats(reps.map((x) => ok(x.results.phoenixqt) && ok(x.results.phoenixjs) ? ratio(x.results.phoenixqt[k], x.results.phoenixjs[k]) : NaN))
    for(const c of ["phoenixqt", "phoenixjs"]){ S.reconnect[c] = { up: by(c, "up_to_joined_ms"), open: by(c, "open_to_joined_ms") } }
    S.reconnect.ratios = { up: rr("up_to_joined_ms"), open: rr("open_to_joined_ms") }
  }
  const cg = raw.callgrind.filter((x) => !x.skipped)
  if(cg.length){
    const by = (c) => stats(cg.map((x) => ok(x.results[c]) ? x.results[c].ir_per_msg : NaN))
    const addOn = (x) => ratio(x.results.phoenixqt.ir_per_msg - x.results["bare-recv"].ir_per_msg,
      x.results["bare-parse"].ir_per_msg - x.results["bare-recv"].ir_per_msg)
    S.callgrind = {
      count: P.cgCount,
      ir: { "bare-recv": by("bare-recv"), "bare-parse": by("bare-parse"), phoenixqt: by("phoenixqt") },
      qt_vs_parse: stats(cg.map((x) => ok(x.results.phoenixqt) && ok(x.results["bare-parse"]) ? ratio(x.results.phoenixqt.ir_per_msg, x.results["bare-parse"].ir_per_msg) : NaN)),
      qt_addon_vs_parse_addon: stats(cg.map((x) => ["phoenixqt", "bare-parse", "bare-recv"].every((c) => ok(x.results[c])) ? addOn(x) : NaN)),
      decode: {
        parse: stats(raw.decode.map((x) => x.parse_ir)), serializer: stats(raw.decode.map((x) => x.decode_ir)),
        ratio: stats(raw.decode.map((x) => ratio(x.decode_ir, x.parse_ir))),
      },
    }
  } else if(raw.callgrind.length){
    S.callgrind = { skipped: raw.callgrind[0].skipped }
  }
  return S
}

// ---------------------------------------------------------------------------------------------
// plots (gnuplot, PNG)

function plots(S){
  if(spawnSync("gnuplot", ["--version"], { stdio: "ignore" }).status !== 0){
    log("gnuplot not found: no plots")
    return []
  }
  const dataDir = path.join(rawDir, "plotdata")
  fs.mkdirSync(dataDir, { recursive: true })
  const made = []
  const term = "set terminal pngcairo size 900,520 font 'DejaVu Sans,11' noenhanced"
  const dat = (name, lines) => { const f = path.join(dataDir, name); fs.writeFileSync(f, lines.join("\n") + "\n"); return f }
  const q = (f) => `'${f.replace(/'/g, "''")}'`
  const run = (name, script) => {
    const out = path.join(opt.out, name)
    const r = spawnSync("gnuplot", [], { input: `${term}\nset output ${q(out)}\n${script}\n`, encoding: "utf8" })
    if(check(r.status === 0, `gnuplot ${name}: ${r.stderr}`)){ made.push(name) }
  }
  const m = (s) => s && Number.isFinite(s.median) ? s.median : "NaN"
  const lo = (s) => s && Number.isFinite(s.min) ? s.min : "NaN"
  const hi = (s) => s && Number.isFinite(s.max) ? s.max : "NaN"
  const order = ["bare-recv", "bare-parse", "phoenixqt", "phoenixjs"]
  const colors = { "bare-recv": "#9e9e9e", "bare-parse": "#616161", phoenixqt: "#2e7d32", phoenixjs: "#ef6c00" }

  // 1. CPU seconds per 100k messages by payload size
  if(raw.throughput.length){
    const f = dat("throughput.dat", ["# size " + order.map((c) => `${c} ${c}_lo ${c}_hi`).join(" "),
      ...P.sizes.map((s) => `"${s >= 1024 ? s / 1024 + " KiB" : s + " B"}" ` + order.map((c) => `${m(S.throughput[s].cpu[c])} ${lo(S.throughput[s].cpu[c])} ${hi(S.throughput[s].cpu[c])}`).join(" "))])
    run("throughput.png", `set title 'Inbound flood: client CPU seconds per 100k messages (lower is better; bars: median, whiskers: min-max)'
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.85 border -1
set logscale y
set ylabel 'CPU s / 100k messages'
set key top left
set grid ytics
plot ${order.map((c, i) => `${q(f)} using ${2 + i * 3}:${3 + i * 3}:${4 + i * 3}:xtic(1) title ${q(LABEL[c])} lc rgb '${colors[c]}'`).join(", ")}`)
  }
  // 2. messages/s against channels joined
  if(raw.channels.length){
    const f = dat("channels.dat", ["# channels " + order.map((c) => `${c} ${c}_lo ${c}_hi`).join(" "),
      ...P.channels.map((n) => `${n} ` + order.map((c) => `${m(S.channels[n].rate[c])} ${lo(S.channels[n].rate[c])} ${hi(S.channels[n].rate[c])}`).join(" "))])
    run("channels.png", `set title 'Messages/s against channels joined on one socket (100 B, median with min-max)'
set logscale xy
set xlabel 'channels joined'
set ylabel 'messages / s'
set key bottom left
set grid
set xrange [0.7:${Math.max(...P.channels) * 1.5}]
plot ${order.map((c, i) => `${q(f)} using 1:${2 + i * 3}:${3 + i * 3}:${4 + i * 3} title ${q(LABEL[c])} with yerrorlines lw 2 pt 7 lc rgb '${colors[c]}'`).join(", ")}`)
  }
  // 3. memory: bytes per joined channel and per connected socket
  if(raw.memory.length){
    const big = Math.max(...P.channels)
    const rows = [
      [`"channel (library)"`, S.memory.libPerChannel.phoenixqt, S.memory.libPerChannel.phoenixjs, null],
      [`"channel + handler"`, S.channels[big].perChannel.phoenixqt, S.channels[big].perChannel.phoenixjs, null],
      [`"socket"`, S.memory.perSocket.phoenixqt, S.memory.perSocket.phoenixjs, S.memory.perSocket["bare-recv"]],
    ]
    const f = dat("memory.dat", ["# what qt qt_lo qt_hi js js_lo js_hi bare bare_lo bare_hi",
      ...rows.map(([w, a, b, c]) => `${w} ${m(a)} ${lo(a)} ${hi(a)} ${m(b)} ${lo(b)} ${hi(b)} ${m(c)} ${lo(c)} ${hi(c)}`)])
    run("memory.png", `set title 'RSS growth per joined channel (${big} on one socket) and per connected socket (${P.sockets}), bytes'
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.85 border -1
set ylabel 'bytes'
set logscale y
set yrange [100:*]
set key top left
set grid ytics
plot ${q(f)} using 2:3:4:xtic(1) title ${q(LABEL.phoenixqt)} lc rgb '${colors.phoenixqt}', '' using 5:6:7 title ${q(LABEL.phoenixjs)} lc rgb '${colors.phoenixjs}', '' using 8:9:10 title 'bare QWebSocket' lc rgb '${colors["bare-recv"]}'`)
  }
  // 4. round trip
  if(raw.rtt.length){
    const cs = ["bare-recv", "phoenixqt", "phoenixjs"]
    const f = dat("rtt.dat", ["# client p50 p50_lo p50_hi p99 p99_lo p99_hi",
      ...cs.map((c) => `"${c}" ${m(S.rtt[c].p50)} ${lo(S.rtt[c].p50)} ${hi(S.rtt[c].p50)} ${m(S.rtt[c].p99)} ${lo(S.rtt[c].p99)} ${hi(S.rtt[c].p99)}`)])
    run("rtt.png", `set title 'Push -> reply round trip on loopback, microseconds (median of runs, whiskers min-max)'
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.85 border -1
set logscale y
set ylabel 'microseconds'
set key top left
set grid ytics
plot ${q(f)} using 2:3:4:xtic(1) title 'p50' lc rgb '#1565c0', '' using 5:6:7 title 'p99' lc rgb '#c62828'`)
  }
  return made
}

// ---------------------------------------------------------------------------------------------
// RESULTS.md

function machine(){
  const cpu = (os.cpus()[0] || {}).model || "unknown CPU"
  let debian = ""
  try { debian = fs.readFileSync("/etc/debian_version", "utf8").trim() } catch { /* not Debian */ }
  const pkg = (name) => { try { return JSON.parse(fs.readFileSync(path.join(nodeDir, "node_modules", name, "package.json"), "utf8")).version } catch { return "?" } }
  const vg = spawnSync("valgrind", ["--version"], { encoding: "utf8" }).stdout?.trim() || "not installed"
  return { cpu, cores: os.cpus().length, kernel: os.release(), debian, node: process.version, phoenix: pkg("phoenix"), ws: pkg("ws"), valgrind: vg, load: os.loadavg().map((x) => x.toFixed(2)).join(" ") }
}

const target = (okay) => okay === null ? "–" : okay ? "**met**" : "**missed**"

function report(S, made, startedAt, seconds){
  const M = machine()
  const L = []
  const p = (s = "") => L.push(s)
  const sizeName = (s) => s >= 1024 ? `${s / 1024} KiB` : `${s} B`
  p("# PhoenixQt benchmarks: results")
  p()
  p(`Generated by \`${opt.command || "scripts/bench.sh" + (Q ? " --quick" : "")}\` on ${startedAt} in ${Math.round(seconds)} s` +
    `${Q ? " — **quick run: tiny counts, one repetition; the numbers only show that every program works**" : ""}.`)
  p("How the figures are made, how the load source was checked and what the profiles showed: [README.md](README.md).")
  p()
  p(`Machine: ${M.cpu}, ${M.cores} cores (shared with other jobs; load average at the end ${M.load}), Linux ${M.kernel}` +
    `${M.debian ? `, Debian ${M.debian}` : ""}; Node ${M.node}, phoenix ${M.phoenix}, ws ${M.ws}; ${M.valgrind}. Release build.`)
  p()
  p(`Every figure: median (min–max) over ${RUNS} repetition${RUNS > 1 ? "s" : ""}. Ratios are taken within each repetition` +
    " (all clients of one repetition run back to back against the same sender) and then summarised the same way.")
  p()

  // targets
  const t1 = S.throughput[100]?.ratios.qt_vs_parse_cpu
  const big = Math.max(...P.channels)
  const t2 = S.channels[big]?.ratios.qt_vs_js_rate
  const t3 = S.memory.libPerChannel?.phoenixqt
  const cgRatio = S.callgrind && !S.callgrind.skipped ? S.callgrind.qt_vs_parse : null
  p("## Targets")
  p()
  p("| target | figure | result |")
  p("|---|---|---|")
  p(`| decode+dispatch within 15% of the parse limit | PhoenixQt / parse limit, CPU per message, 100 B: ${fmtStats(t1)}` +
    `${cgRatio ? `; instructions per message (callgrind): ${fmtStats(cgRatio)}` : ""} | ${target(t1 ? t1.median <= 1.15 : null)}${cgRatio ? ` (callgrind: ${target(cgRatio.median <= 1.15)})` : ""} |`)
  p(`| at ${big.toLocaleString("en")} channels at least 10× phoenix.js | PhoenixQt / phoenix.js, messages/s: ${fmtStats(t2)} | ${target(t2 ? t2.median >= 10 : null)} |`)
  p(`| under 1 KiB per joined channel | PhoenixQt, RSS bytes per joined channel, library only (${big.toLocaleString("en")} channels): ${fmtStats(t3)} | ${target(t3 ? t3.median < 1024 : null)} |`)
  p()

  // 1. throughput
  p("## 1. Inbound throughput")
  p()
  p("The sender floods N broadcasts `[null,null,\"bench:0\",\"bench\",{...}]` whose payload object has the given size; " +
    "the window runs from the client receiving the reply to `bench_start` to its N-th message. CPU = user+sys of the client process in that window.")
  p()
  p("| payload | N | client | messages/s | CPU s per 100k messages |")
  p("|---|---|---|---|---|")
  for(const s of P.sizes){
    for(const c of Object.keys(CLIENTS)){
      p(`| ${sizeName(s)} | ${S.throughput[s].count.toLocaleString("en")} | ${LABEL[c]} | ${fmtStats(S.throughput[s].rate[c])} | ${fmtStats(S.throughput[s].cpu[c])} |`)
    }
  }
  p()
  p("| payload | PhoenixQt / parse limit (CPU) | PhoenixQt / receive limit (CPU) | PhoenixQt / phoenix.js (CPU) | PhoenixQt / phoenix.js (messages/s) |")
  p("|---|---|---|---|---|")
  for(const s of P.sizes){
    const r = S.throughput[s].ratios
    p(`| ${sizeName(s)} | ${fmtStats(r.qt_vs_parse_cpu)} | ${fmtStats(r.qt_vs_recv_cpu)} | ${fmtStats(r.qt_vs_js_cpu)} | ${fmtStats(r.qt_vs_js_rate)} |`)
  }
  p()
  if(made.includes("throughput.png")){ p("![CPU per 100k messages](throughput.png)"); p() }
  p("**Load source check.** The sender's own CPU seconds per 100k messages while it flooded each client (it writes slices of one pre-encoded buffer):")
  p()
  p("| payload | sender CPU while flooding bare receive | … PhoenixQt | … phoenix.js | bare receive limit CPU | fastest client rate / bare receive rate |")
  p("|---|---|---|---|---|---|")
  for(const s of P.sizes){
    const sd = S.sender[s]
    const fastest = Math.max(S.throughput[s].rate.phoenixqt?.median ?? 0, S.throughput[s].rate.phoenixjs?.median ?? 0, S.throughput[s].rate["bare-parse"]?.median ?? 0)
    p(`| ${sizeName(s)} | ${fmtStats(sd["bare-recv"])} | ${fmtStats(sd.phoenixqt)} | ${fmtStats(sd.phoenixjs)} | ${fmtStats(S.throughput[s].cpu["bare-recv"])} | ${fmt(ratio(fastest, S.throughput[s].rate["bare-recv"]?.median))} |`)
  }
  p()

  // 2. channels
  p("## 2. Many channels on one socket")
  p()
  p(`N = ${P.channelCount.toLocaleString("en")} broadcasts of 100 B, spread round-robin over all joined channels.`)
  p()
  p("| channels | " + Object.keys(CLIENTS).map((c) => `${LABEL[c]} messages/s`).join(" | ") + " | PhoenixQt / phoenix.js (messages/s) | PhoenixQt / parse limit (CPU) |")
  p("|---|" + Object.keys(CLIENTS).map(() => "---|").join("") + "---|---|")
  for(const n of P.channels){
    const x = S.channels[n]
    p(`| ${n.toLocaleString("en")} | ${Object.keys(CLIENTS).map((c) => fmtStats(x.rate[c])).join(" | ")} | ${fmtStats(x.ratios.qt_vs_js_rate)} | ${fmtStats(x.ratios.qt_vs_parse_cpu)} |`)
  }
  p()
  p("| channels | PhoenixQt CPU s / 100k | phoenix.js CPU s / 100k | PhoenixQt / phoenix.js (CPU) |")
  p("|---|---|---|---|")
  for(const n of P.channels){
    const x = S.channels[n]
    p(`| ${n.toLocaleString("en")} | ${fmtStats(x.cpu.phoenixqt)} | ${fmtStats(x.cpu.phoenixjs)} | ${fmtStats(x.ratios.qt_vs_js_cpu)} |`)
  }
  p()
  if(made.includes("channels.png")){ p("![messages/s against channels](channels.png)"); p() }

  // 3. memory
  p("## 3. Memory")
  p()
  p("RSS (VmRSS; Node: `process.memoryUsage().rss` after `gc()`) growth divided by the number of items. Channels: from connected to all joined, one socket; " +
    "\"library only\" joins them without any per-channel handler (joins counted from the socket's message signal/hook), \"+ 1 handler\" is the flood scenario's client " +
    "(PhoenixQt: `messageReceived` and `joined` connected per channel; phoenix.js: `on(\"bench\")` and a join `receive(\"ok\")`). The join replies are `{}`. " +
    "Sockets: after one warm-up socket, until all are connected. Heap: glibc `mallinfo2` in-use bytes (Qt) and V8 heap + external (Node).")
  p()
  p("| figure | PhoenixQt | phoenix.js | PhoenixQt / phoenix.js | bare QWebSocket |")
  p("|---|---|---|---|---|")
  p(`| RSS bytes per joined channel, library only (${S.memory.channels.toLocaleString("en")}) | ${fmtStats(S.memory.libPerChannel.phoenixqt)} | ${fmtStats(S.memory.libPerChannel.phoenixjs)} | ${fmtStats(S.memory.libRatio)} | – |`)
  p(`| heap bytes per joined channel, library only (${S.memory.channels.toLocaleString("en")}) | ${fmtStats(S.memory.libHeapPerChannel.phoenixqt)} | ${fmtStats(S.memory.libHeapPerChannel.phoenixjs)} | – | – |`)
  for(const n of P.channels.filter((x) => x >= 1000)){
    const x = S.channels[n]
    p(`| RSS bytes per joined channel + 1 handler (${n.toLocaleString("en")}) | ${fmtStats(x.perChannel.phoenixqt)} | ${fmtStats(x.perChannel.phoenixjs)} | ${fmtStats(x.memRatio)} | – |`)
    p(`| heap bytes per joined channel + 1 handler (${n.toLocaleString("en")}) | ${fmtStats(x.heapPerChannel.phoenixqt)} | ${fmtStats(x.heapPerChannel.phoenixjs)} | – | – |`)
  }
  p(`| RSS bytes per connected socket (${P.sockets.toLocaleString("en")}) | ${fmtStats(S.memory.perSocket.phoenixqt)} | ${fmtStats(S.memory.perSocket.phoenixjs)} | ${fmtStats(S.memory.qt_vs_js)} | ${fmtStats(S.memory.perSocket["bare-recv"])} |`)
  p(`| heap bytes per connected socket (${P.sockets.toLocaleString("en")}) | ${fmtStats(S.memory.heapPerSocket.phoenixqt)} | ${fmtStats(S.memory.heapPerSocket.phoenixjs)} | – | ${fmtStats(S.memory.heapPerSocket["bare-recv"])} |`)
  p()
  if(made.includes("memory.png")){ p("![memory](memory.png)"); p() }

  // 4. rtt
  p("## 4. Round trip")
  p()
  p(`${P.pings.toLocaleString("en")} sequential \`echo\` pushes (100 B) after 200 warm-up ones; the sender replies \`ok\` with the payload. Microseconds.`)
  p()
  p("| client | p50 µs | p99 µs |")
  p("|---|---|---|")
  for(const c of ["bare-recv", "phoenixqt", "phoenixjs"]){ p(`| ${LABEL[c]} | ${fmtStats(S.rtt[c].p50)} | ${fmtStats(S.rtt[c].p99)} |`) }
  p()
  p(`PhoenixQt / bare: p50 ${fmtStats(S.rtt.ratios.qt_vs_bare_p50)}, p99 ${fmtStats(S.rtt.ratios.qt_vs_bare_p99)}; ` +
    `PhoenixQt / phoenix.js: p50 ${fmtStats(S.rtt.ratios.qt_vs_js_p50)}, p99 ${fmtStats(S.rtt.ratios.qt_vs_js_p99)}.`)
  p()
  if(made.includes("rtt.png")){ p("![round trip](rtt.png)"); p() }

  // 5. reconnect
  p("## 5. Reconnect")
  p()
  p(`${P.reconnectChannels.toLocaleString("en")} channels joined; the sender closes every connection (1012), stays down ${P.downMs} ms and listens again on the same port. ` +
    "\"Server up → all joined\" runs from the moment it listens again (CLOCK_MONOTONIC, sent in the join replies) to the last channel's join reply; " +
    "it includes the wait for the next reconnect attempt (both clients use phoenix.js's backoff 10, 50, 100, 150, 200, 250, 500 ms…). " +
    "\"Socket open → all joined\" runs from the sender answering the new handshake (also stamped in the join replies) to the same point: the client's own work.")
  p()
  p("| client | server up → all joined, ms | socket open → all joined, ms |")
  p("|---|---|---|")
  for(const c of ["phoenixqt", "phoenixjs"]){ p(`| ${LABEL[c]} | ${fmtStats(S.reconnect[c].up)} | ${fmtStats(S.reconnect[c].open)} |`) }
  p(`| PhoenixQt / phoenix.js | ${fmtStats(S.reconnect.ratios.up)} | ${fmtStats(S.reconnect.ratios.open)} |`)
  p()

  // 6. callgrind
  p("## 6. Instructions per received message (callgrind)")
  p()
  if(!S.callgrind){
    p("Not run.")
  } else if(S.callgrind.skipped){
    p(`Skipped: ${S.callgrind.skipped}.`)
  } else {
    const C = S.callgrind
    p(`Each client receives ${C.count.toLocaleString("en")} broadcasts of 100 B under \`valgrind --tool=callgrind --instr-atstart=no\`; ` +
      "instrumentation covers exactly the flood window (client requests at its start and end), so the count includes QWebSocket's frame reading, " +
      "the event loop and, for PhoenixQt, decode + routing + signal delivery. Deterministic up to a few hundred instructions: use it to judge a change.")
    p()
    p("| client | Ir per message |")
    p("|---|---|")
    for(const c of ["bare-recv", "bare-parse", "phoenixqt"]){ p(`| ${LABEL[c]} | ${fmtStats(C.ir[c])} |`) }
    p()
    p(`PhoenixQt / parse limit: ${fmtStats(C.qt_vs_parse)}. What PhoenixQt adds on top of receiving, relative to what parsing adds ` +
      `((PhoenixQt − receive) / (parse − receive)): ${fmtStats(C.qt_addon_vs_parse_addon)}.`)
    p()
    p(`Decode step alone (\`bench-decode\`, no network, ${P.decodeCount.toLocaleString("en")} frames): QJsonDocument + reading the fields ` +
      `${fmtStats(C.decode.parse)} Ir/frame, \`PhoenixV2JsonSerializer::decodeText\` ${fmtStats(C.decode.serializer)} Ir/frame, ratio ${fmtStats(C.decode.ratio)}.`)
  }
  p()
  p("## Checks")
  p()
  p(`${checks.passed} sanity checks passed, ${checks.failed} failed${checks.failures.length ? ":" : "."}`)
  for(const f of checks.failures.slice(0, 20)){ p(`- ${f.replace(/\n/g, " ").slice(0, 300)}`) }
  p()
  return L.join("\n")
}

// ---------------------------------------------------------------------------------------------

async function main(){
  const t0 = Date.now()
  const startedAt = new Date().toISOString().replace("T", " ").replace(/\..*/, " UTC")
  ensureNodeModules()
  await startSender()
  log(`sender on port ${senderPort}; ${Q ? "quick run" : "full run"}, ${RUNS} repetition(s)`)
  try {
    if(wanted("throughput")){ await throughput() }
    if(wanted("channels")){ await channels() }
    if(wanted("memory")){ await memory() }
    if(wanted("rtt")){ await rtt() }
    if(wanted("reconnect")){ await reconnect() }
    if(wanted("callgrind")){ await decodeNative(); await callgrind() }
  } finally {
    stopSender()
  }
  const S = summarize()
  const made = plots(S)
  const seconds = (Date.now() - t0) / 1000
  const md = report(S, made, startedAt, seconds)
  fs.writeFileSync(path.join(opt.out, "RESULTS.md"), md)
  fs.writeFileSync(path.join(opt.out, "results.json"), JSON.stringify({ params: P, runs: RUNS, summary: S }, null, 1) + "\n")
  fs.writeFileSync(path.join(rawDir, `raw-${Date.now()}.json`), JSON.stringify(raw) + "\n")
  log(`wrote ${path.join(opt.out, "RESULTS.md")} in ${seconds.toFixed(0)} s`)
  console.log(`${checks.passed} passed, ${checks.failed} failed`)
  process.exit(checks.failed ? 1 : 0)
}

main().catch((e) => {
  stopSender()
  console.error(e)
  console.log(`${checks.passed} passed, ${checks.failed + 1} failed`)
  process.exit(1)
})
