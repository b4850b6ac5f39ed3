// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Conformance test: the official phoenix.js client (npm `phoenix`, pinned in package.json) runs
// against PhoenixQt's reference server (tools/devserver), over both of its transports: WebSocket
// and LongPoll. If phoenix.js, the reference client, agrees with the dev server, the dev server is a
// fair stand-in for Phoenix in PhoenixQt's tests.
//
// Usage: node conformance.mjs <path to phoenix-devserver>   (or env PHOENIX_DEVSERVER)
// Prints one line per scenario and transport ("PASS [longpoll] echo ..."), the counts per transport
// and a final line "N passed, M failed"; exits non-zero on failure.
//
// LongPoll in Node: phoenix.js's Ajax uses XMLHttpRequest when there is one, else fetch with
// AbortController. Node 18+ has both of the latter built in, so no polyfill is needed.

import {spawn} from "node:child_process"
import assert from "node:assert/strict"
import {readFileSync} from "node:fs"

// The client libraries come from node_modules (`npm ci` in tests/conformance); fail clearly without them.
const here = new URL(".", import.meta.url)
let Socket, Presence, LongPoll, WebSocket
try {
  ({Socket, Presence, LongPoll} = await import("phoenix"))
  WebSocket = (await import("ws")).default
  const wanted = JSON.parse(readFileSync(new URL("package.json", here))).dependencies.phoenix
  const installed = JSON.parse(readFileSync(new URL("node_modules/phoenix/package.json", here))).version
  if(installed !== wanted){
    throw new Error(`node_modules has phoenix ${installed}, package.json pins ${wanted}`)
  }
} catch (err){
  console.log(`FAIL the npm packages of tests/conformance are missing or stale: ${err.message}`)
  console.log(`Run \`npm ci\` in ${new URL(".", import.meta.url).pathname} (CI does this before ctest).`)
  console.log("0 passed, 1 failed")
  process.exit(1)
}
if(typeof globalThis.fetch !== "function" || typeof globalThis.AbortController !== "function"){
  console.log("FAIL this Node.js has no global fetch/AbortController, which phoenix.js's LongPoll needs (Node >= 18)")
  console.log("0 passed, 1 failed")
  process.exit(1)
}

const SCENARIO_TIMEOUT_MS = 10000
const STARTUP_TIMEOUT_MS = 10000
// The main server's LongPoll window: short enough that a session of a disconnected client expires
// soon (1.5 x window), longer than the slow joins below (a POST waits at most one window).
const MAIN_LONGPOLL_WINDOW_MS = 2000
const CERTS = new URL("../shared/certs/", here)

const serverPath = process.argv[2] || process.env.PHOENIX_DEVSERVER
if(!serverPath){
  console.error("usage: node conformance.mjs <path to phoenix-devserver> (or set PHOENIX_DEVSERVER)")
  process.exit(2)
}

// ---------------------------------------------------------------------------------------------
// Dev server process

const servers = []
let serverLog = ""

// Starts a phoenix-devserver on a free port; resolves with {proc, port}.
function startServer(extraArgs = []){
  return new Promise((resolve, reject) => {
    const proc = spawn(serverPath, ["--port", "0", "--print-port", "--quiet", ...extraArgs], {stdio: ["ignore", "pipe", "pipe"]})
    servers.push(proc)
    let out = ""
    const timer = setTimeout(() => reject(new Error("dev server did not print its port in time")), STARTUP_TIMEOUT_MS)
    proc.stdout.on("data", chunk => {
      out += chunk.toString()
      const m = out.match(/^PORT (\d+)$/m)
      if(m){
        clearTimeout(timer)
        resolve({proc, port: Number(m[1])})
      }
    })
    proc.stderr.on("data", chunk => { serverLog += chunk.toString() })
    proc.on("error", err => { clearTimeout(timer); reject(err) })
    proc.on("exit", (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`dev server exited early (code ${code}, signal ${signal})`))
    })
  })
}

function stopServer(proc){
  if(proc.exitCode === null && proc.signalCode === null){ proc.kill("SIGTERM") }
}

// Kills a server at once ("server crash") and resolves when it is gone.
function killServer(proc){
  return new Promise(resolve => {
    if(proc.exitCode !== null || proc.signalCode !== null){ return resolve() }
    proc.once("exit", () => resolve())
    proc.kill("SIGKILL")
  })
}

const stopAllServers = () => servers.forEach(stopServer)
process.on("exit", stopAllServers)
for(const sig of ["SIGINT", "SIGTERM", "SIGHUP"]){
  process.on(sig, () => { stopAllServers(); process.exit(130) })
}

// ---------------------------------------------------------------------------------------------
// Helpers

let port = 0
let transport = "websocket" // the transport of the scenario that runs: "websocket" or "longpoll"
const isLongPoll = () => transport === "longpoll"
const endPoint = (p = port) => `ws://127.0.0.1:${p}/socket`
const rawUrl = (query = "vsn=2.0.0") => `ws://127.0.0.1:${port}/socket/websocket?${query}`

// Every HTTP request phoenix.js's LongPoll makes, as it made it (phoenix.js calls global fetch).
const realFetch = globalThis.fetch
let fetchLog = []
globalThis.fetch = (url, options = {}) => {
  fetchLog.push({method: options.method || "GET", url: String(url), headers: {...(options.headers || {})}, body: options.body})
  return realFetch(url, options)
}

// Sockets created by the running scenario; all are disconnected when it ends, pass or fail.
let liveSockets = []
let liveRaw = []

function newSocket(opts = {}, onPort = port){
  const socket = new Socket(endPoint(onPort), {
    transport: isLongPoll() ? LongPoll : WebSocket,
    reconnectAfterMs: () => 20,
    rejoinAfterMs: () => 50,
    ...opts
  })
  liveSockets.push(socket)
  return socket
}

function connected(socket){
  return new Promise(resolve => {
    if(socket.isConnected()){ return resolve() }
    const ref = socket.onOpen(() => { socket.off([ref]); resolve() })
    socket.connect()
  })
}

// Resolves with the response of a push's `status` ("ok", "error", "timeout"), rejects on any other.
function receive(push, status){
  return new Promise((resolve, reject) => {
    for(const s of ["ok", "error", "timeout"]){
      push.receive(s, resp => s === status ? resolve(resp) : reject(new Error(`expected ${status}, got ${s}: ${JSON.stringify(resp)}`)))
    }
  })
}

// Resolves with the payload of the next `event` on `channel`.
function nextEvent(channel, event){
  return new Promise(resolve => {
    const ref = channel.on(event, payload => { channel.off(event, ref); resolve(payload) })
  })
}

async function joined(socket, topic, params = {}){
  const channel = socket.channel(topic, params)
  const resp = await receive(channel.join(), "ok")
  return {channel, resp}
}

const delay = ms => new Promise(resolve => setTimeout(resolve, ms))

async function waitUntil(predicate, what){
  while(!(await predicate())){ await delay(10) }
  return what
}

function rawConnect(url, protocols, options){
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, options)
    liveRaw.push(ws)
    ws.on("open", () => resolve({ws, status: 101}))
    ws.on("unexpected-response", (_req, res) => { resolve({ws, status: res.statusCode}); ws.terminate() })
    ws.on("error", err => { if(!/Unexpected server response/.test(String(err))) reject(err) })
  })
}

function nextRawMessage(ws){
  return new Promise(resolve => ws.once("message", (data, isBinary) => resolve(isBinary ? data : JSON.parse(data.toString()))))
}

// Collects the next `n` decoded messages of a raw WebSocket.
function rawMessages(ws, n){
  return new Promise(resolve => {
    const got = []
    const onMessage = data => {
      got.push(JSON.parse(data.toString()))
      if(got.length === n){ ws.off("message", onMessage); resolve(got) }
    }
    ws.on("message", onMessage)
  })
}

// One raw LongPoll request (not recorded in fetchLog). Resolves with the HTTP status, headers, text
// and the JSON body (null if the body is not JSON).
async function lp(method, query, {headers = {}, body, onPort = port} = {}){
  const res = await realFetch(`http://127.0.0.1:${onPort}/socket/longpoll?${query}`, {method, headers, body})
  const text = await res.text()
  let json = null
  try { json = text ? JSON.parse(text) : null } catch { json = null }
  return {http: res.status, headers: res.headers, text, json}
}

const ndjson = {"Content-Type": "application/x-ndjson"}

// Opens a raw LongPoll session; resolves with its token.
async function lpOpen(query = "vsn=2.0.0", onPort = port){
  const r = await lp("GET", query, {onPort})
  assert.equal(r.http, 200)
  assert.equal(r.json.status, 410)
  assert.equal(typeof r.json.token, "string")
  return r.json.token
}

// A V2 binary push frame (kind 0) as phoenix.js builds it.
function binaryPush(joinRef, ref, topic, event, payload){
  const enc = s => Buffer.from(s, "utf8")
  const [j, r, t, e] = [enc(joinRef), enc(ref), enc(topic), enc(event)]
  return Buffer.concat([Buffer.from([0, j.length, r.length, t.length, e.length]), j, r, t, e, Buffer.from(payload)])
}

const uniqueTopic = prefix => `${prefix}-${transport}-${Math.random().toString(36).slice(2, 8)}`

// ---------------------------------------------------------------------------------------------
// Scenarios. Each runs over the transports listed in `on` (default: both).

const BOTH = ["websocket", "longpoll"]
const scenarios = []
const scenario = (name, fn, on = BOTH) => scenarios.push({name, fn, on})

scenario("connect params and authToken reach the server", async () => {
  const socket = newSocket({params: {user: "alice", extra: "x y&z"}, authToken: "s3cr3t-token.1"})
  await connected(socket)
  const {channel, resp} = await joined(socket, "room:info")
  assert.deepEqual(resp, {topic: "room:info", user: "alice"})
  const info = await receive(channel.push("connect_info", {}), "ok")
  assert.equal(info.params.user, "alice")
  assert.equal(info.params.extra, "x y&z")
  assert.equal(info.params.vsn, "2.0.0")
  assert.equal(info.auth_token, "s3cr3t-token.1")
  assert.equal(info.transport, transport)
  if(isLongPoll()){
    // phoenix.js's LongPoll sends the token in the X-Phoenix-AuthToken header
    assert.equal(info.auth_token_source, "header")
    assert.equal(info.subprotocol, null)
    assert.deepEqual(info.subprotocols, [])
  } else {
    assert.equal(info.auth_token_source, "subprotocol")
    assert.equal(info.subprotocol, "phoenix")
    assert.equal(info.subprotocols[0], "phoenix")
    assert.ok(info.subprotocols[1].startsWith("base64url.bearer.phx."))
  }
})

scenario("token=bad is refused; phoenix.js reports errors and keeps retrying", async () => {
  const socket = newSocket({params: {token: "bad"}})
  let errors = 0
  let opened = false
  socket.onOpen(() => { opened = true })
  socket.onError(() => { errors++ })
  socket.connect()
  await waitUntil(() => errors >= 3)
  assert.equal(opened, false)
})

scenario("authToken 'bad' is refused too", async () => {
  const socket = newSocket({authToken: "bad"})
  let errors = 0
  let opened = false
  socket.onOpen(() => { opened = true })
  socket.onError(() => { errors++ })
  socket.connect()
  await waitUntil(() => errors >= 2)
  assert.equal(opened, false)
})

scenario("HTTP refusals: other path 404, missing vsn 403, vsn 1.0.0 403", async () => {
  assert.equal((await rawConnect(`ws://127.0.0.1:${port}/other/websocket?vsn=2.0.0`)).status, 404)
  assert.equal((await rawConnect(rawUrl(""))).status, 403)
  assert.equal((await rawConnect(rawUrl("vsn=1.0.0"))).status, 403)
  assert.equal((await rawConnect(rawUrl("vsn=2.0.0"))).status, 101)
}, ["websocket"])

scenario("join ok replies {topic, user}; anonymous user is 'anon'", async () => {
  const socket = newSocket()
  await connected(socket)
  const {resp} = await joined(socket, "room:lobby")
  assert.deepEqual(resp, {topic: "room:lobby", user: "anon"})
})

scenario("room:private: wrong password -> unauthorized, right password -> ok", async () => {
  const socket = newSocket({params: {user: "bob"}})
  await connected(socket)
  const bad = socket.channel("room:private", {password: "nope"})
  assert.deepEqual(await receive(bad.join(), "error"), {reason: "unauthorized"})
  bad.leave()
  const {resp} = await joined(socket, "room:private", {password: "secret"})
  assert.deepEqual(resp, {topic: "room:private", user: "bob"})
})

scenario("unmatched topic join -> error {reason: 'unmatched topic'}", async () => {
  const socket = newSocket()
  await connected(socket)
  const channel = socket.channel("lobby:nope", {})
  assert.deepEqual(await receive(channel.join(), "error"), {reason: "unmatched topic"})
  channel.leave()
})

scenario("echo -> ok reply with the payload", async () => {
  const socket = newSocket()
  await connected(socket)
  const {channel} = await joined(socket, "room:echo")
  const payload = {body: "héllo ✓", n: 42, nested: {list: [1, null, true]}}
  assert.deepEqual(await receive(channel.push("echo", payload), "ok"), payload)
})

scenario("fail -> error reply {reason: 'failed'}", async () => {
  const socket = newSocket()
  await connected(socket)
  const {channel} = await joined(socket, "room:fail")
  assert.deepEqual(await receive(channel.push("fail", {}), "error"), {reason: "failed"})
})

scenario("noreply -> push timeout", async () => {
  const socket = newSocket()
  await connected(socket)
  const {channel} = await joined(socket, "room:noreply")
  await receive(channel.push("noreply", {}, 200), "timeout")
})

scenario("any other event -> ok reply {}", async () => {
  const socket = newSocket()
  await connected(socket)
  const {channel} = await joined(socket, "room:other")
  assert.deepEqual(await receive(channel.push("whatever", {a: 1}), "ok"), {})
})

scenario("shout broadcast reaches both sockets incl. the sender", async () => {
  const a = newSocket({params: {user: "a"}})
  const b = newSocket({params: {user: "b"}})
  await Promise.all([connected(a), connected(b)])
  const topic = uniqueTopic("room:shout")
  const {channel: ca} = await joined(a, topic)
  const {channel: cb} = await joined(b, topic)
  const gotA = nextEvent(ca, "shout")
  const gotB = nextEvent(cb, "shout")
  ca.push("shout", {body: "hi all"})
  assert.deepEqual(await gotA, {body: "hi all"})
  assert.deepEqual(await gotB, {body: "hi all"})
})

scenario("broadcast_from reaches only the others", async () => {
  const a = newSocket({params: {user: "a"}})
  const b = newSocket({params: {user: "b"}})
  await Promise.all([connected(a), connected(b)])
  const topic = uniqueTopic("room:bfrom")
  const {channel: ca} = await joined(a, topic)
  const {channel: cb} = await joined(b, topic)
  let aGot = 0
  ca.on("msg", () => { aGot++ })
  const gotB = nextEvent(cb, "msg")
  await receive(ca.push("broadcast_from", {body: "not me"}), "ok")
  assert.deepEqual(await gotB, {body: "not me"})
  // anything sent to A before the echo reply would have arrived before it (one ordered stream)
  await receive(ca.push("echo", {}), "ok")
  assert.equal(aGot, 0)
})

scenario("crash -> phx_error -> phoenix.js rejoins automatically", async () => {
  const socket = newSocket()
  await connected(socket)
  const channel = socket.channel("room:crash", {})
  let joins = 0
  let errors = []
  channel.onError(reason => errors.push(reason))
  channel.join().receive("ok", () => { joins++ })
  await waitUntil(() => joins === 1)
  const firstJoinRef = channel.joinRef()
  channel.push("crash", {})
  await waitUntil(() => joins === 2)
  assert.equal(errors.length, 1)
  assert.deepEqual(errors[0], {reason: "channel_crash"})
  assert.notEqual(channel.joinRef(), firstJoinRef)
  assert.equal(channel.state, "joined")
  assert.deepEqual(await receive(channel.push("echo", {after: "crash"}), "ok"), {after: "crash"})
})

scenario("stop -> ok, phx_close, channel closed and not rejoined", async () => {
  const socket = newSocket()
  await connected(socket)
  const {channel} = await joined(socket, "room:stop")
  let closed = 0
  let joinReplies = 0
  channel.onClose(() => { closed++ })
  socket.onMessage(msg => { if(msg.topic === "room:stop" && msg.event === "phx_reply" && msg.ref === msg.join_ref){ joinReplies++ } })
  await receive(channel.push("stop", {}), "ok")
  await waitUntil(() => closed === 1)
  assert.equal(channel.state, "closed")
  assert.ok(!socket.channels.includes(channel))
  // a rejoin would happen after rejoinAfterMs (50 ms); give it several times that
  await delay(300)
  assert.equal(channel.state, "closed")
  assert.equal(joinReplies, 0)
})

scenario("leave -> ok reply, channel closed", async () => {
  const socket = newSocket()
  await connected(socket)
  const {channel} = await joined(socket, "room:leave")
  let closed = 0
  channel.onClose(() => { closed++ })
  await receive(channel.leave(), "ok")
  await waitUntil(() => closed === 1)
  assert.equal(channel.state, "closed")
})

scenario("message to a non-joined topic -> error 'unmatched topic'", async () => {
  const socket = newSocket()
  await connected(socket)
  const ref = socket.makeRef()
  const reply = new Promise(resolve => socket.onMessage(msg => { if(msg.ref === ref){ resolve(msg) } }))
  socket.push({topic: "room:notjoined", event: "echo", payload: {}, ref, join_ref: null})
  const msg = await reply
  assert.equal(msg.event, "phx_reply")
  assert.deepEqual(msg.payload, {status: "error", response: {reason: "unmatched topic"}})
})

scenario("durable: a resend with the same idempotency_key gets the first reply; the effect log has each key once, in order", async () => {
  const topic = uniqueTopic("room:durable")
  const key = n => `${topic}-key-${n}`
  const socket = newSocket()
  await connected(socket)
  const {channel} = await joined(socket, topic)
  const first = await receive(channel.push("durable", {idempotency_key: key(1), n: 1}), "ok")
  assert.deepEqual(first, {effect: first.effect, key: key(1)})
  // The effect of n=2 is made but its reply is lost: phoenix.js times out.
  await receive(channel.push("durable", {idempotency_key: key(2), n: 2, drop_reply: true}, 300), "timeout")
  const refused = await receive(channel.push("durable", {idempotency_key: key(3), reject: "not allowed"}), "error")
  assert.deepEqual(refused, {reason: "not allowed"})
  assert.deepEqual(await receive(channel.push("durable", {n: 4}), "error"), {reason: "missing idempotency_key"})

  // A restarted client resends everything it has no answer for, with the same keys.
  const again = newSocket()
  await connected(again)
  const {channel: resend} = await joined(again, topic)
  assert.deepEqual(await receive(resend.push("durable", {idempotency_key: key(1), n: 1}), "ok"), first)
  const second = await receive(resend.push("durable", {idempotency_key: key(2), n: 2}), "ok")
  assert.deepEqual(second, {effect: second.effect, key: key(2)})
  assert.ok(second.effect > first.effect)
  assert.deepEqual(await receive(resend.push("durable", {idempotency_key: key(3)}), "error"), refused)

  const log = await receive(resend.push("durable_log", {}), "ok")
  const mine = log.effects.filter(e => e.topic === topic)
  assert.deepEqual(mine.map(e => e.key), [key(1), key(2)])
  assert.deepEqual(mine.map(e => e.payload.n), [1, 2])
  assert.deepEqual(mine.map(e => e.effect), [first.effect, second.effect])
})

scenario("flood: count pushes numbered 1..count in order, then flood_done", async () => {
  const socket = newSocket()
  await connected(socket)
  const {channel} = await joined(socket, "room:flood")
  const count = 2000
  const size = 64
  const seen = []
  channel.on("flood_msg", p => { seen.push(p) })
  const done = nextEvent(channel, "flood_done")
  channel.push("flood", {count, size})
  assert.deepEqual(await done, {count})
  assert.equal(seen.length, count)
  seen.forEach((p, i) => { assert.equal(p.i, i + 1); assert.equal(p.data.length, size) })
})

scenario("binary push -> binary reply (ArrayBuffer), binary server push and broadcast", async () => {
  const socket = newSocket()
  await connected(socket)
  const {channel} = await joined(socket, "room:binary")
  const bytes = new Uint8Array(300).map((_, i) => (i * 7) & 0xff)
  const resp = await receive(channel.push("binary_echo", bytes.buffer), "ok")
  assert.ok(resp instanceof ArrayBuffer, "reply payload is an ArrayBuffer")
  assert.deepEqual(new Uint8Array(resp), bytes)
  const pushed = nextEvent(channel, "binary_push")
  await receive(channel.push("binary_push", new Uint8Array([0, 1, 255]).buffer), "ok")
  const p = await pushed
  assert.ok(p instanceof ArrayBuffer)
  assert.deepEqual(new Uint8Array(p), new Uint8Array([0, 1, 255]))
  const shouted = nextEvent(channel, "shout")
  channel.push("shout", new Uint8Array([9, 8, 7]).buffer)
  const s = await shouted
  assert.ok(s instanceof ArrayBuffer)
  assert.deepEqual(new Uint8Array(s), new Uint8Array([9, 8, 7]))
}, ["websocket"])

scenario("binary push arrives intact (binary_info replies with its bytes in base64)", async () => {
  const socket = newSocket()
  await connected(socket)
  const {channel} = await joined(socket, "room:binfo")
  const bytes = new Uint8Array(300).map((_, i) => (i * 7) & 0xff)
  const info = await receive(channel.push("binary_info", bytes.buffer), "ok")
  assert.deepEqual(info, {binary: true, size: 300, base64: Buffer.from(bytes).toString("base64")})
  assert.deepEqual(await receive(channel.push("binary_info", {not: "binary"}), "ok"), {binary: false})
  if(isLongPoll()){
    // phoenix.js's LongPoll sends the binary frame as one base64 line of an x-ndjson POST
    const frame = binaryPush(channel.joinRef(), "", "room:binfo", "binary_info", bytes)
    const lines = fetchLog.filter(r => r.method === "POST").flatMap(r => r.body.split("\n"))
    const b64 = lines.filter(l => !l.startsWith("["))
    assert.equal(b64.length, 1)
    const decoded = Buffer.from(b64[0], "base64")
    assert.equal(decoded[0], 0, "kind 0 (push)")
    // everything but the ref (which phoenix.js allocated) is as built above
    assert.deepEqual(decoded.subarray(decoded.length - 300), Buffer.from(bytes))
    assert.equal(decoded.length, frame.length + decoded[2])
  }
})

scenario("duplicate join closes the old channel instance (phx_close for the old join_ref)", async () => {
  const socket = newSocket()
  await connected(socket)
  const {channel} = await joined(socket, "room:dup")
  const oldJoinRef = channel.joinRef()
  let closed = 0
  channel.onClose(() => { closed++ })
  const closeFrame = new Promise(resolve => socket.onMessage(msg => { if(msg.event === "phx_close" && msg.topic === "room:dup"){ resolve(msg) } }))
  // a second join of the same topic on the same socket, bypassing phoenix.js's leaveOpenTopic
  const ref = socket.makeRef()
  const joinReply = new Promise(resolve => socket.onMessage(msg => { if(msg.ref === ref){ resolve(msg) } }))
  socket.push({topic: "room:dup", event: "phx_join", payload: {}, ref, join_ref: ref})
  const close = await closeFrame
  assert.equal(close.join_ref, oldJoinRef)
  assert.equal(close.ref, oldJoinRef)
  assert.equal((await joinReply).payload.status, "ok")
  await waitUntil(() => closed === 1)
  assert.equal(channel.state, "closed")
})

scenario("max channels per socket: the 101st join -> 'too many channels joined'", async () => {
  const socket = newSocket()
  await connected(socket)
  const joins = []
  for(let i = 0; i < 100; i++){
    joins.push(receive(socket.channel(`room:many${i}`, {}).join(), "ok"))
  }
  await Promise.all(joins)
  const extra = socket.channel("room:many100", {})
  assert.deepEqual(await receive(extra.join(), "error"), {reason: "too many channels joined"})
})

scenario("heartbeat reply: socket.ping returns the rtt", async () => {
  const socket = newSocket()
  await connected(socket)
  const rtt = await new Promise(resolve => { assert.equal(socket.ping(resolve), true) })
  assert.equal(typeof rtt, "number")
  assert.ok(rtt >= 0)
})

scenario("kick -> the server ends the connection; phoenix.js reconnects and rejoins", async () => {
  const socket = newSocket({params: {user: "kicked"}})
  await connected(socket)
  const channel = socket.channel("room:kick", {})
  let joins = 0
  let opens = 0
  const closeCodes = []
  socket.onOpen(() => { opens++ })
  socket.onClose(event => { closeCodes.push(event.code) })
  channel.join().receive("ok", () => { joins++ })
  await waitUntil(() => joins === 1)
  channel.push("kick", {})
  await waitUntil(() => joins === 2 && opens === 1)
  // WebSocket: close frame 1001. LongPoll: the session ended, so the next poll gets 410 with a
  // token already held: phoenix.js reports the session gone (3410).
  assert.deepEqual(closeCodes, [isLongPoll() ? 3410 : 1001])
  assert.equal(channel.state, "joined")
  assert.deepEqual(await receive(channel.push("echo", {back: true}), "ok"), {back: true})
})

scenario("drop (TCP abort, no close frame) -> phoenix.js reconnects and rejoins", async () => {
  const socket = newSocket()
  await connected(socket)
  const channel = socket.channel("room:drop", {})
  let joins = 0
  const closeCodes = []
  socket.onClose(event => { closeCodes.push(event.code) })
  channel.join().receive("ok", () => { joins++ })
  await waitUntil(() => joins === 1)
  channel.push("drop", {})
  await waitUntil(() => joins === 2)
  // WebSocket: 1006 (abnormal closure). LongPoll: the requests fail, phoenix.js closes with 1011.
  assert.deepEqual(closeCodes, [isLongPoll() ? 1011 : 1006])
  assert.deepEqual(await receive(channel.push("echo", {x: 1}), "ok"), {x: 1})
})

scenario("server restart (killed, then listening on the same port) -> phoenix.js reconnects and rejoins", async () => {
  const first = await startServer(["--longpoll-window", "1000"])
  let second = null
  try {
    const socket = newSocket({}, first.port)
    const channel = socket.channel("room:restart", {})
    let joins = 0
    socket.connect()
    channel.join().receive("ok", () => { joins++ })
    await waitUntil(() => joins === 1)
    await killServer(first.proc)
    second = await startServer(["--longpoll-window", "1000", "--port", String(first.port)])
    await waitUntil(() => joins === 2)
    assert.equal(channel.state, "joined")
    assert.deepEqual(await receive(channel.push("echo", {restarted: true}), "ok"), {restarted: true})
  } finally {
    stopServer(first.proc)
    if(second){ stopServer(second.proc) }
  }
})

scenario("--idle-timeout: a silent client is closed; phoenix.js reconnects and rejoins", async () => {
  const {proc, port: idlePort} = await startServer(["--idle-timeout", "300"])
  try {
    // heartbeats far apart, so the connection is idle from the server's point of view
    const socket = newSocket({heartbeatIntervalMs: 60000}, idlePort)
    const channel = socket.channel("room:idle", {})
    let joins = 0
    const closeCodes = []
    socket.onClose(event => { closeCodes.push(event.code) })
    socket.connect()
    channel.join().receive("ok", () => { joins++ })
    await waitUntil(() => joins === 2)
    assert.equal(closeCodes[0], 1000)
  } finally {
    stopServer(proc)
  }
}, ["websocket"])

scenario("--no-heartbeat-replies: phoenix.js detects the heartbeat timeout and reconnects", async () => {
  const {proc, port: silentPort} = await startServer(["--no-heartbeat-replies"])
  try {
    const socket = newSocket({heartbeatIntervalMs: 150}, silentPort)
    const channel = socket.channel("room:hb", {})
    let joins = 0
    let opens = 0
    const errors = []
    socket.onOpen(() => { opens++ })
    channel.onError(reason => { errors.push(reason) })
    socket.connect()
    channel.join().receive("ok", () => { joins++ })
    await waitUntil(() => opens >= 2 && joins >= 2)
    assert.equal(errors[0].reason, "heartbeat_timeout")
  } finally {
    stopServer(proc)
  }
}, ["websocket"])

scenario("malformed frames are ignored; the connection keeps working", async () => {
  const {ws, status} = await rawConnect(rawUrl())
  assert.equal(status, 101)
  for(const bad of ["not json", "{}", "[1,2,3]", "[null,\"1\",5,\"x\",{}]", "[null,null,null,null,null,null]"]){
    ws.send(bad)
  }
  ws.send(Buffer.from([0, 200, 1, 1]))
  ws.send(Buffer.from([7]))
  const reply = nextRawMessage(ws)
  ws.send(JSON.stringify([null, "77", "phoenix", "heartbeat", {}]))
  assert.deepEqual(await reply, [null, "77", "phoenix", "phx_reply", {status: "ok", response: {}}])
}, ["websocket"])

scenario("presence: phoenix.js Presence sees both users, metas, onSync, leaves", async () => {
  const alice = newSocket({params: {user: "alice"}})
  const bob = newSocket({params: {user: "bob"}})
  const alice2 = newSocket({params: {user: "alice"}})
  await Promise.all([connected(alice), connected(bob), connected(alice2)])
  const topic = uniqueTopic("room:presence")
  const ca = alice.channel(topic, {})
  const presence = new Presence(ca)
  let syncs = 0
  const leftKeys = []
  presence.onSync(() => { syncs++ })
  presence.onLeave((key, current, left) => { leftKeys.push([key, left.metas.length]) })
  const users = () => presence.list((id, {metas}) => ({id, metas})).sort((x, y) => x.id.localeCompare(y.id))
  await receive(ca.join(), "ok")
  await waitUntil(() => users().length === 1)
  await joined(bob, topic)
  await waitUntil(() => users().length === 2)
  const [a, b] = users()
  assert.equal(a.id, "alice")
  assert.equal(b.id, "bob")
  for(const meta of [...a.metas, ...b.metas]){
    assert.equal(typeof meta.phx_ref, "string")
    assert.ok(meta.phx_ref.length > 0)
    assert.ok(Number.isInteger(meta.online_at), "online_at is an integer")
    assert.ok(Math.abs(meta.online_at - Date.now()) < 60000, "online_at is ms since the epoch")
  }
  // the same user on a second socket: one key, two metas
  const {channel: ca2} = await joined(alice2, topic)
  await waitUntil(() => users()[0].metas.length === 2)
  assert.notEqual(users()[0].metas[0].phx_ref, users()[0].metas[1].phx_ref)
  // bob leaves
  const bobChannel = bob.channels.find(c => c.topic === topic)
  await receive(bobChannel.leave(), "ok")
  await waitUntil(() => users().length === 1)
  assert.equal(users()[0].id, "alice")
  assert.deepEqual(leftKeys, [["bob", 1]])
  // alice's second socket disconnects (over LongPoll the server notices when the session expires,
  // 1.5 x the window after its last poll): one meta left
  alice2.disconnect()
  await waitUntil(() => users()[0].metas.length === 1)
  assert.ok(ca2)
  assert.ok(syncs >= 5, `onSync fired ${syncs} times`)
})

scenario("presence: a joiner gets presence_state with the current members", async () => {
  const x = newSocket({params: {user: "xavier"}})
  const y = newSocket({params: {user: "yvonne"}})
  await Promise.all([connected(x), connected(y)])
  const topic = uniqueTopic("room:pstate")
  await joined(x, topic)
  const cy = y.channel(topic, {})
  const state = nextEvent(cy, "presence_state")
  await receive(cy.join(), "ok")
  const s = await state
  assert.deepEqual(Object.keys(s).sort(), ["xavier", "yvonne"])
  assert.equal(s.xavier.metas.length, 1)
})

scenario("slow join (room:slow*, 1.5 s) with a 1 s join timeout: phoenix.js leaves, rejoins and ends joined", async () => {
  const socket = newSocket()
  await connected(socket)
  const topic = uniqueTopic("room:slow")
  const frames = []
  socket.onMessage(msg => { if(msg.topic === topic){ frames.push(msg) } })
  const channel = socket.channel(topic, {})
  let timeouts = 0
  let joins = 0
  const push = channel.join(1000)
  push.receive("timeout", () => { timeouts++ })
  push.receive("ok", () => { joins++ })
  await waitUntil(() => timeouts === 1)
  assert.equal(frames.length, 0, "nothing from the server before the join timeout")
  await waitUntil(() => channel.state === "joined")
  assert.equal(timeouts, 1)
  assert.deepEqual(await receive(channel.push("echo", {late: true}), "ok"), {late: true})
  // What the server sent, in order: the late join reply of the first join, the reply to the
  // leave that phoenix.js sent after the timeout, phx_close for the first join, then the rejoin's reply.
  const replies = frames.filter(f => f.event === "phx_reply" || f.event === "phx_close")
  const [lateJoin, leaveReply, close, rejoin] = replies
  assert.equal(lateJoin.event, "phx_reply")
  assert.equal(lateJoin.ref, lateJoin.join_ref)
  assert.equal(lateJoin.payload.status, "ok")
  assert.equal(leaveReply.event, "phx_reply")
  assert.equal(leaveReply.join_ref, lateJoin.join_ref)
  assert.notEqual(leaveReply.ref, lateJoin.ref)
  assert.deepEqual(leaveReply.payload, {status: "ok", response: {}})
  assert.equal(close.event, "phx_close")
  assert.equal(close.join_ref, lateJoin.join_ref)
  assert.equal(rejoin.event, "phx_reply")
  assert.equal(rejoin.join_ref, channel.joinRef())
  assert.notEqual(rejoin.join_ref, lateJoin.join_ref)
})

scenario("leave during a slow join (delay_ms): answered after the join reply, then phx_close; a stale join_ref gets nothing", async () => {
  const {ws} = await rawConnect(rawUrl())
  const topic = uniqueTopic("room:delay")
  const got = rawMessages(ws, 6)
  ws.send(JSON.stringify(["1", "1", topic, "phx_join", {delay_ms: 300}]))
  ws.send(JSON.stringify(["1", "2", topic, "phx_leave", {}]))
  ws.send(JSON.stringify([null, "3", "phoenix", "heartbeat", {}]))
  const [joinReply, state, diff, leaveReply, close, heartbeat] = await got
  assert.deepEqual(joinReply, ["1", "1", topic, "phx_reply", {status: "ok", response: {topic, user: "anon"}}])
  assert.equal(state[3], "presence_state")
  assert.equal(diff[3], "presence_diff")
  assert.deepEqual(leaveReply, ["1", "2", topic, "phx_reply", {status: "ok", response: {}}])
  assert.deepEqual(close, ["1", "1", topic, "phx_close", {}])
  assert.deepEqual(heartbeat, [null, "3", "phoenix", "phx_reply", {status: "ok", response: {}}])
  // joined again as "4"; a message and a leave with the old join_ref "1" are ignored without reply
  const rejoin = rawMessages(ws, 3)
  ws.send(JSON.stringify(["4", "4", topic, "phx_join", {}]))
  assert.equal((await rejoin)[0][4].status, "ok")
  const next = nextRawMessage(ws)
  ws.send(JSON.stringify(["1", "5", topic, "echo", {}]))
  ws.send(JSON.stringify(["1", "6", topic, "phx_leave", {}]))
  ws.send(JSON.stringify(["4", "7", topic, "echo", {current: true}]))
  assert.deepEqual(await next, ["4", "7", topic, "phx_reply", {status: "ok", response: {current: true}}])
}, ["websocket"])

scenario("wss:// with the test CA: phoenix.js connects, joins and echoes; without the CA the handshake fails", async () => {
  const certs = ["--tls-cert", new URL("server.pem", CERTS).pathname, "--tls-key", new URL("server.key", CERTS).pathname]
  const {proc, port: tlsPort} = await startServer(certs)
  try {
    const ca = readFileSync(new URL("ca.pem", CERTS))
    class TrustingWebSocket extends WebSocket {
      constructor(url, protocols){ super(url, protocols, {ca}) }
    }
    const socket = new Socket(`wss://127.0.0.1:${tlsPort}/socket`, {transport: TrustingWebSocket, reconnectAfterMs: () => 20})
    liveSockets.push(socket)
    await connected(socket)
    const {channel} = await joined(socket, "room:tls")
    assert.deepEqual(await receive(channel.push("echo", {secure: true}), "ok"), {secure: true})
    // the default trust store does not know the test CA
    await assert.rejects(rawConnect(`wss://127.0.0.1:${tlsPort}/socket/websocket?vsn=2.0.0`), /certificate/)
  } finally {
    stopServer(proc)
  }
}, ["websocket"])

scenario("longPollFallbackMs: a server that serves both keeps phoenix.js on WebSocket", async () => {
  const socket = newSocket({longPollFallbackMs: 300})
  await connected(socket)
  await waitUntil(() => socket.primaryPassedHealthCheck)
  assert.equal(socket.transport, WebSocket)
  const {channel} = await joined(socket, "room:nofallback")
  assert.deepEqual(await receive(channel.push("echo", {ws: true}), "ok"), {ws: true})
  assert.equal(socket.transport, WebSocket)
}, ["websocket"])

// --- LongPoll only

scenario("raw: first GET opens a session (HTTP 200, {status: 410, token}); a poll with it gets 204 after the window", async () => {
  const {proc, port: p} = await startServer(["--longpoll-window", "300"])
  try {
    const open = await lp("GET", "vsn=2.0.0&user=raw", {onPort: p})
    assert.equal(open.http, 200)
    assert.equal(open.headers.get("content-type"), "application/json; charset=utf-8")
    assert.equal(open.headers.get("cache-control"), "no-store")
    assert.equal(open.headers.get("access-control-allow-origin"), "*")
    assert.deepEqual(Object.keys(open.json).sort(), ["messages", "status", "token"])
    assert.equal(open.json.status, 410)
    assert.deepEqual(open.json.messages, [])
    const token = open.json.token
    const poll = await lp("GET", `vsn=2.0.0&token=${encodeURIComponent(token)}`, {onPort: p})
    assert.equal(poll.http, 200)
    assert.deepEqual(poll.json, {status: 204, token, messages: []})
    // the session token is also accepted in the x-phoenix-longpoll-token header (Phoenix 1.8)
    const byHeader = await lp("GET", "vsn=2.0.0", {onPort: p, headers: {"x-phoenix-longpoll-token": token}})
    assert.deepEqual(byHeader.json, {status: 204, token, messages: []})
  } finally {
    stopServer(proc)
  }
}, ["longpoll"])

scenario("raw: refused connects answer {status: 403} in HTTP 200 (no vsn, vsn 1.0.0, token=bad, X-Phoenix-AuthToken bad)", async () => {
  for(const query of ["", "vsn=1.0.0", "vsn=2.0.0&token=bad"]){
    const r = await lp("GET", query)
    assert.equal(r.http, 200)
    assert.deepEqual(r.json, {status: 403}, query)
  }
  const r = await lp("GET", "vsn=2.0.0", {headers: {"X-Phoenix-AuthToken": "bad"}})
  assert.deepEqual(r.json, {status: 403})
}, ["longpoll"])

scenario("raw: an unknown token: POST -> {status: 410}; GET -> a new session {status: 410, new token}", async () => {
  const post = await lp("POST", "vsn=2.0.0&token=unknown", {headers: ndjson, body: "[null,\"1\",\"phoenix\",\"heartbeat\",{}]"})
  assert.equal(post.http, 200)
  assert.deepEqual(post.json, {status: 410})
  const get = await lp("GET", "vsn=2.0.0&token=unknown")
  assert.equal(get.json.status, 410)
  assert.notEqual(get.json.token, "unknown")
  assert.equal(typeof get.json.token, "string")
}, ["longpoll"])

scenario("raw: an x-ndjson POST batch (text and base64 lines) -> {status: 200}; the next poll has every reply, in order", async () => {
  const token = await lpOpen()
  const q = `vsn=2.0.0&token=${encodeURIComponent(token)}`
  const topic = uniqueTopic("room:batch")
  const bytes = Buffer.from([0, 1, 2, 253, 254, 255])
  const lines = [
    JSON.stringify(["1", "1", topic, "phx_join", {}]),
    JSON.stringify(["1", "2", topic, "echo", {n: 1}]),
    binaryPush("1", "3", topic, "binary_info", bytes).toString("base64"),
    JSON.stringify(["1", "4", topic, "echo", {n: 2}]),
  ]
  const post = await lp("POST", q, {headers: ndjson, body: lines.join("\n")})
  assert.deepEqual(post.json, {status: 200})
  // a POST that is not x-ndjson carries one message
  assert.deepEqual((await lp("POST", q, {headers: {"Content-Type": "application/json"}, body: JSON.stringify(["1", "5", topic, "echo", {n: 3}])})).json, {status: 200})
  // all of it waited for this poll (none was outstanding)
  const poll = await lp("GET", q)
  assert.equal(poll.json.status, 200)
  assert.equal(poll.json.token, token)
  const msgs = poll.json.messages.map(m => JSON.parse(m))
  const replies = msgs.filter(m => m[3] === "phx_reply").map(m => [m[1], m[4]])
  assert.deepEqual(replies, [
    ["1", {status: "ok", response: {topic, user: "anon"}}],
    ["2", {status: "ok", response: {n: 1}}],
    ["3", {status: "ok", response: {binary: true, size: 6, base64: bytes.toString("base64")}}],
    ["4", {status: "ok", response: {n: 2}}],
    ["5", {status: "ok", response: {n: 3}}],
  ])
  assert.deepEqual(msgs.map(m => m[3]).slice(0, 3), ["phx_reply", "presence_state", "presence_diff"])
}, ["longpoll"])

scenario("raw: malformed lines are ignored, a line neither JSON nor base64 fails the POST with 500, the session lives on", async () => {
  const token = await lpOpen()
  const q = `vsn=2.0.0&token=${encodeURIComponent(token)}`
  const ok = await lp("POST", q, {headers: ndjson, body: ["[not json", "[1,2,3]", "AAE=", JSON.stringify([null, "1", "phoenix", "heartbeat", {}])].join("\n")})
  assert.deepEqual(ok.json, {status: 200})
  const bad = await lp("POST", q, {headers: ndjson, body: [JSON.stringify([null, "2", "phoenix", "heartbeat", {}]), "not base64!", JSON.stringify([null, "3", "phoenix", "heartbeat", {}])].join("\n")})
  assert.equal(bad.http, 500)
  const poll = await lp("GET", q)
  assert.deepEqual(poll.json.messages.map(m => JSON.parse(m)[1]), ["1", "2"], "lines before the bad one were handled, none after it")
}, ["longpoll"])

scenario("raw: a session without a poll for 1.5 x the window expires -> 410", async () => {
  const {proc, port: p} = await startServer(["--longpoll-window", "200"])
  try {
    const token = await lpOpen("vsn=2.0.0", p)
    const q = `vsn=2.0.0&token=${encodeURIComponent(token)}`
    const started = Date.now()
    // POSTs do not keep a session alive, only polls do
    await waitUntil(async () => (await lp("POST", q, {onPort: p, headers: ndjson, body: "[null,\"1\",\"phoenix\",\"heartbeat\",{}]"})).json.status === 410)
    assert.ok(Date.now() - started >= 250, "not before 1.5 x the window")
    const get = await lp("GET", q, {onPort: p})
    assert.equal(get.json.status, 410)
    assert.notEqual(get.json.token, token)
  } finally {
    stopServer(proc)
  }
}, ["longpoll"])

scenario("raw: OPTIONS pre-flight -> CORS headers; other methods -> 400", async () => {
  const pre = await lp("OPTIONS", "vsn=2.0.0", {headers: {"Access-Control-Request-Headers": "x-phoenix-authtoken, content-type"}})
  assert.equal(pre.http, 200)
  assert.equal(pre.headers.get("access-control-allow-origin"), "*")
  assert.equal(pre.headers.get("access-control-allow-headers"), "x-phoenix-authtoken, content-type")
  assert.equal(pre.headers.get("access-control-allow-methods"), "get, post, options")
  assert.equal(pre.headers.get("access-control-max-age"), "3600")
  assert.equal((await lp("PUT", "vsn=2.0.0", {body: "x"})).http, 400)
}, ["longpoll"])

scenario("phoenix.js sends authToken in X-Phoenix-AuthToken on every poll and never in a URL", async () => {
  const token = "tok/en+with=chars?&"
  const socket = newSocket({authToken: token, params: {user: "hdr"}})
  await connected(socket)
  const {channel} = await joined(socket, "room:authhdr")
  assert.equal((await receive(channel.push("connect_info", {}), "ok")).auth_token, token)
  const gets = fetchLog.filter(r => r.method === "GET")
  assert.ok(gets.length >= 2)
  for(const r of gets){ assert.equal(r.headers["X-Phoenix-AuthToken"], token) }
  for(const r of fetchLog){
    assert.ok(!r.url.includes(encodeURIComponent(token)) && !r.url.includes("tok%2Fen") && !r.url.includes("tok/en"), r.url)
    assert.ok(/^http:\/\/127\.0\.0\.1:\d+\/socket\/longpoll\?/.test(r.url), r.url)
  }
}, ["longpoll"])

scenario("phoenix.js batches 250 pushes made in one tick into x-ndjson POSTs of at most 100 lines; all replies arrive in order", async () => {
  const socket = newSocket()
  await connected(socket)
  const {channel} = await joined(socket, "room:batching")
  fetchLog = []
  const order = []
  const pushes = []
  for(let i = 0; i < 250; i++){
    pushes.push(receive(channel.push("echo", {i}), "ok").then(r => { order.push(r.i) }))
  }
  await Promise.all(pushes)
  assert.deepEqual(order, [...Array(250).keys()])
  const posts = fetchLog.filter(r => r.method === "POST")
  assert.ok(posts.length >= 3, `${posts.length} POSTs`)
  const sizes = posts.map(r => r.body.split("\n").length)
  assert.ok(sizes.every(n => n <= 100), `batch sizes ${sizes}`)
  assert.equal(sizes.reduce((a, b) => a + b, 0), 250)
  assert.ok(posts.every(r => r.headers["Content-Type"] === "application/x-ndjson"))
}, ["longpoll"])

scenario("longPollFallbackMs: WebSocket refused (--refuse-websocket) -> phoenix.js falls back to LongPoll and joins", async () => {
  const {proc, port: p} = await startServer(["--refuse-websocket"])
  try {
    assert.equal((await rawConnect(`ws://127.0.0.1:${p}/socket/websocket?vsn=2.0.0`)).status, 400)
    const socket = new Socket(endPoint(p), {transport: WebSocket, longPollFallbackMs: 2000, reconnectAfterMs: () => 20, rejoinAfterMs: () => 50})
    liveSockets.push(socket)
    const started = Date.now()
    await connected(socket)
    assert.equal(socket.transport, LongPoll)
    assert.ok(Date.now() - started < 2000, "a refused upgrade falls back at once, before the threshold")
    const {channel} = await joined(socket, "room:fallback")
    assert.deepEqual(await receive(channel.push("echo", {via: "longpoll"}), "ok"), {via: "longpoll"})
  } finally {
    stopServer(proc)
  }
}, ["longpoll"])

scenario("longPollFallbackMs: WebSocket black-holed (--blackhole-websocket) -> LongPoll after the threshold", async () => {
  const {proc, port: p} = await startServer(["--blackhole-websocket"])
  try {
    const socket = new Socket(endPoint(p), {transport: WebSocket, longPollFallbackMs: 500, reconnectAfterMs: () => 20, rejoinAfterMs: () => 50})
    liveSockets.push(socket)
    const started = Date.now()
    await connected(socket)
    assert.equal(socket.transport, LongPoll)
    assert.ok(Date.now() - started >= 450, "only once the threshold passed")
    const {channel} = await joined(socket, "room:fallback2")
    assert.deepEqual(await receive(channel.push("echo", {via: "longpoll"}), "ok"), {via: "longpoll"})
  } finally {
    stopServer(proc)
  }
}, ["longpoll"])

// ---------------------------------------------------------------------------------------------
// Runner

async function runScenario({fn}){
  liveSockets = []
  liveRaw = []
  fetchLog = []
  let timer
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${SCENARIO_TIMEOUT_MS} ms`)), SCENARIO_TIMEOUT_MS) })
    ])
    return null
  } catch (err){
    return err
  } finally {
    clearTimeout(timer)
    for(const s of liveSockets){ s.disconnect() }
    for(const ws of liveRaw){ ws.terminate() }
  }
}

async function main(){
  let passed = 0
  let failed = 0
  const counts = {}
  try {
    port = (await startServer(["--longpoll-window", String(MAIN_LONGPOLL_WINDOW_MS)])).port
  } catch (err){
    console.log(`FAIL start dev server: ${err.message}`)
    if(serverLog){ console.log(serverLog) }
    console.log("0 passed, 1 failed")
    stopAllServers()
    process.exit(1)
  }
  console.log(`dev server on port ${port} (${serverPath})`)
  for(const t of BOTH){
    transport = t
    counts[t] = {passed: 0, failed: 0}
    for(const s of scenarios.filter(s => s.on.includes(t))){
      const err = await runScenario(s)
      if(err){
        failed++
        counts[t].failed++
        console.log(`FAIL [${t}] ${s.name}\n     ${String(err && err.stack || err).split("\n").join("\n     ")}`)
      } else {
        passed++
        counts[t].passed++
        console.log(`PASS [${t}] ${s.name}`)
      }
    }
  }
  stopAllServers()
  if(failed > 0 && serverLog){ console.log(`--- dev server log ---\n${serverLog}`) }
  console.log(BOTH.map(t => `${t}: ${counts[t].passed} passed, ${counts[t].failed} failed`).join("; "))
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed > 0 ? 1 : 0)
}

main()
