// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Conformance test: the official phoenix.js client (npm `phoenix`, pinned in package.json) runs
// against PhoenixQt's reference server (tools/devserver). If phoenix.js, the reference client,
// agrees with the dev server, the dev server is a fair stand-in for Phoenix in PhoenixQt's tests.
//
// Usage: node conformance.mjs <path to phoenix-devserver>   (or env PHOENIX_DEVSERVER)
// Prints one line per scenario and a final line "N passed, M failed"; exits non-zero on failure.

import {spawn} from "node:child_process"
import assert from "node:assert/strict"
import {readFileSync} from "node:fs"

// The client libraries come from node_modules (`npm ci` in tests/conformance); fail clearly without them.
const here = new URL(".", import.meta.url)
let Socket, Presence, WebSocket
try {
  ({Socket, Presence} = await import("phoenix"))
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

const SCENARIO_TIMEOUT_MS = 10000
const STARTUP_TIMEOUT_MS = 10000

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
const stopAllServers = () => servers.forEach(stopServer)
process.on("exit", stopAllServers)
for(const sig of ["SIGINT", "SIGTERM", "SIGHUP"]){
  process.on(sig, () => { stopAllServers(); process.exit(130) })
}

// ---------------------------------------------------------------------------------------------
// Helpers

let port = 0
const endPoint = (p = port) => `ws://127.0.0.1:${p}/socket`
const rawUrl = (query = "vsn=2.0.0") => `ws://127.0.0.1:${port}/socket/websocket?${query}`

// Sockets created by the running scenario; all are disconnected when it ends, pass or fail.
let liveSockets = []
let liveRaw = []

function newSocket(opts = {}, onPort = port){
  const socket = new Socket(endPoint(onPort), {
    transport: WebSocket,
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
  while(!predicate()){ await delay(10) }
  return what
}

function rawConnect(url, protocols){
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols)
    liveRaw.push(ws)
    ws.on("open", () => resolve({ws, status: 101}))
    ws.on("unexpected-response", (_req, res) => { resolve({ws, status: res.statusCode}); ws.terminate() })
    ws.on("error", err => { if(!/Unexpected server response/.test(String(err))) reject(err) })
  })
}

function nextRawMessage(ws){
  return new Promise(resolve => ws.once("message", (data, isBinary) => resolve(isBinary ? data : JSON.parse(data.toString()))))
}

// ---------------------------------------------------------------------------------------------
// Scenarios

const scenarios = []
const scenario = (name, fn) => scenarios.push({name, fn})

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
  assert.equal(info.subprotocol, "phoenix")
  assert.equal(info.subprotocols[0], "phoenix")
  assert.ok(info.subprotocols[1].startsWith("base64url.bearer.phx."))
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
})

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
  const {channel: ca} = await joined(a, "room:shout")
  const {channel: cb} = await joined(b, "room:shout")
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
  const {channel: ca} = await joined(a, "room:bfrom")
  const {channel: cb} = await joined(b, "room:bfrom")
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

scenario("flood: count pushes in order, then flood_done", async () => {
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
  seen.forEach((p, i) => { assert.equal(p.i, i); assert.equal(p.data.length, size) })
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

scenario("kick -> server closes (1001); phoenix.js reconnects and rejoins", async () => {
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
  assert.deepEqual(closeCodes, [1001])
  assert.equal(channel.state, "joined")
  assert.deepEqual(await receive(channel.push("echo", {back: true}), "ok"), {back: true})
})

scenario("drop (TCP abort, no close frame) -> 1006; phoenix.js reconnects and rejoins", async () => {
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
  assert.deepEqual(closeCodes, [1006])
  assert.deepEqual(await receive(channel.push("echo", {x: 1}), "ok"), {x: 1})
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
})

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
})

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
})

scenario("presence: phoenix.js Presence sees both users, metas, onSync, leaves", async () => {
  const alice = newSocket({params: {user: "alice"}})
  const bob = newSocket({params: {user: "bob"}})
  const alice2 = newSocket({params: {user: "alice"}})
  await Promise.all([connected(alice), connected(bob), connected(alice2)])
  const ca = alice.channel("room:presence", {})
  const presence = new Presence(ca)
  let syncs = 0
  const leftKeys = []
  presence.onSync(() => { syncs++ })
  presence.onLeave((key, current, left) => { leftKeys.push([key, left.metas.length]) })
  const users = () => presence.list((id, {metas}) => ({id, metas})).sort((x, y) => x.id.localeCompare(y.id))
  await receive(ca.join(), "ok")
  await waitUntil(() => users().length === 1)
  await joined(bob, "room:presence")
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
  const {channel: ca2} = await joined(alice2, "room:presence")
  await waitUntil(() => users()[0].metas.length === 2)
  assert.notEqual(users()[0].metas[0].phx_ref, users()[0].metas[1].phx_ref)
  // bob leaves
  const bobChannel = bob.channels.find(c => c.topic === "room:presence")
  await receive(bobChannel.leave(), "ok")
  await waitUntil(() => users().length === 1)
  assert.equal(users()[0].id, "alice")
  assert.deepEqual(leftKeys, [["bob", 1]])
  // alice's second socket disconnects: one meta left
  alice2.disconnect()
  await waitUntil(() => users()[0].metas.length === 1)
  assert.ok(ca2)
  assert.ok(syncs >= 5, `onSync fired ${syncs} times`)
})

scenario("presence: a joiner gets presence_state with the current members", async () => {
  const x = newSocket({params: {user: "xavier"}})
  const y = newSocket({params: {user: "yvonne"}})
  await Promise.all([connected(x), connected(y)])
  await joined(x, "room:pstate")
  const cy = y.channel("room:pstate", {})
  const state = nextEvent(cy, "presence_state")
  await receive(cy.join(), "ok")
  const s = await state
  assert.deepEqual(Object.keys(s).sort(), ["xavier", "yvonne"])
  assert.equal(s.xavier.metas.length, 1)
})

// ---------------------------------------------------------------------------------------------
// Runner

async function runScenario({name, fn}){
  liveSockets = []
  liveRaw = []
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
  try {
    port = (await startServer()).port
  } catch (err){
    console.log(`FAIL start dev server: ${err.message}`)
    if(serverLog){ console.log(serverLog) }
    console.log("0 passed, 1 failed")
    stopAllServers()
    process.exit(1)
  }
  console.log(`dev server on port ${port} (${serverPath})`)
  for(const s of scenarios){
    const err = await runScenario(s)
    if(err){
      failed++
      console.log(`FAIL ${s.name}\n     ${String(err && err.stack || err).split("\n").join("\n     ")}`)
    } else {
      passed++
      console.log(`PASS ${s.name}`)
    }
  }
  stopAllServers()
  if(failed > 0 && serverLog){ console.log(`--- dev server log ---\n${serverLog}`) }
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed > 0 ? 1 : 0)
}

main()
