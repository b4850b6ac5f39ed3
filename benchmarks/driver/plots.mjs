// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// The PNG plots of RESULTS.md (gnuplot): makePlots(doc, outDir, dataDir, check) draws what the
// sections of results.json hold and returns the names of the files it made.

import { spawnSync } from "node:child_process"
import fs from "node:fs"
import path from "node:path"

const LABEL = {
  "bare-recv": "bare QWebSocket (receive/send limit)",
  "bare-parse": "bare QWebSocket + QJsonDocument (parse/JSON limit)",
  phoenixqt: "PhoenixQt",
  phoenixjs: "phoenix.js 1.8.16 (Node + ws)",
}
const ORDER = ["bare-recv", "bare-parse", "phoenixqt", "phoenixjs"]
const COLORS = { "bare-recv": "#9e9e9e", "bare-parse": "#616161", phoenixqt: "#2e7d32", phoenixjs: "#ef6c00" }

export function makePlots(doc, outDir, rawDir, check){
  if(spawnSync("gnuplot", ["--version"], { stdio: "ignore" }).status !== 0){
    console.error("[bench] gnuplot not found: no plots")
    return []
  }
  const dataDir = path.join(rawDir, "plotdata")
  fs.mkdirSync(dataDir, { recursive: true })
  const made = []
  const term = "set terminal pngcairo size 900,520 font 'DejaVu Sans,11' noenhanced"
  const dat = (name, lines) => { const f = path.join(dataDir, name); fs.writeFileSync(f, lines.join("\n") + "\n"); return f }
  const q = (f) => `'${f.replace(/'/g, "''")}'`
  const run = (name, script) => {
    const out = path.join(outDir, name)
    const r = spawnSync("gnuplot", [], { input: `${term}\nset output ${q(out)}\n${script}\n`, encoding: "utf8" })
    if(check(r.status === 0, `gnuplot ${name}: ${r.stderr}`)){ made.push(name) }
  }
  const m = (s) => s && Number.isFinite(s.median) ? s.median : "NaN"
  const lo = (s) => s && Number.isFinite(s.min) ? s.min : "NaN"
  const hi = (s) => s && Number.isFinite(s.max) ? s.max : "NaN"
  const triple = (s) => `${m(s)} ${lo(s)} ${hi(s)}`
  const histogram = `set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.85 border -1
set grid ytics`
  const sec = doc.sections

  // 1. CPU seconds per 100k messages by payload size
  if(sec.throughput){
    const T = sec.throughput.summary
    const f = dat("throughput.dat", ["# size " + ORDER.map((c) => `${c} ${c}_lo ${c}_hi`).join(" "),
      ...T.sizes.map((s) => `"${s >= 1024 ? s / 1024 + " KiB" : s + " B"}" ` + ORDER.map((c) => triple(T.cases[s].cpu[c])).join(" "))])
    run("throughput.png", `set title 'Inbound flood: client CPU seconds per 100k messages (lower is better; bars: median, whiskers: min-max)'
${histogram}
set logscale y
set ylabel 'CPU s / 100k messages'
set key top left
plot ${ORDER.map((c, i) => `${q(f)} using ${2 + i * 3}:${3 + i * 3}:${4 + i * 3}${i === 0 ? ":xtic(1)" : ""} title ${q(LABEL[c])} lc rgb '${COLORS[c]}'`).join(", ")}`)
  }
  // 2. messages/s against channels joined
  if(sec.channels){
    const C = sec.channels.summary
    const f = dat("channels.dat", ["# channels " + ORDER.map((c) => `${c} ${c}_lo ${c}_hi`).join(" "),
      ...C.channels.map((n) => `${n} ` + ORDER.map((c) => triple(C.cases[n].rate[c])).join(" "))])
    run("channels.png", `set title 'Messages/s against channels joined on one socket (100 B, median with min-max)'
set logscale xy
set xlabel 'channels joined'
set ylabel 'messages / s'
set key bottom left
set grid
set xrange [0.7:${Math.max(...C.channels) * 1.5}]
plot ${ORDER.map((c, i) => `${q(f)} using 1:${2 + i * 3}:${3 + i * 3}:${4 + i * 3} title ${q(LABEL[c])} with yerrorlines lw 2 pt 7 lc rgb '${COLORS[c]}'`).join(", ")}`)
  }
  // 3. memory: bytes per joined channel and per connected socket
  if(sec.memory){
    const M = sec.memory.summary
    const big = sec.channels?.summary.cases[M.channels]
    const rows = [
      [`"channel (library)"`, M.libPerChannel.phoenixqt, M.libPerChannel.phoenixjs, null],
      ...(big ? [[`"channel + handler"`, big.perChannel.phoenixqt, big.perChannel.phoenixjs, null]] : []),
      [`"socket"`, M.perSocket.phoenixqt, M.perSocket.phoenixjs, M.perSocket["bare-recv"]],
    ]
    const f = dat("memory.dat", ["# what qt qt_lo qt_hi js js_lo js_hi bare bare_lo bare_hi",
      ...rows.map(([w, a, b, c]) => `${w} ${triple(a)} ${triple(b)} ${triple(c)}`)])
    run("memory.png", `set title 'RSS growth per joined channel (${M.channels} on one socket) and per connected socket (${M.sockets}), bytes'
${histogram}
set ylabel 'bytes'
set logscale y
set yrange [100:*]
set key top left
plot ${q(f)} using 2:3:4:xtic(1) title ${q(LABEL.phoenixqt)} lc rgb '${COLORS.phoenixqt}', '' using 5:6:7 title ${q(LABEL.phoenixjs)} lc rgb '${COLORS.phoenixjs}', '' using 8:9:10 title 'bare QWebSocket' lc rgb '${COLORS["bare-recv"]}'`)
  }
  // 4. round trip
  if(sec.rtt){
    const R = sec.rtt.summary
    const cs = ["bare-recv", "phoenixqt", "phoenixjs"]
    const f = dat("rtt.dat", ["# client p50 p50_lo p50_hi p99 p99_lo p99_hi",
      ...cs.map((c) => `"${c}" ${triple(R.clients[c].p50)} ${triple(R.clients[c].p99)}`)])
    run("rtt.png", `set title 'Push -> reply round trip on loopback, microseconds (median of runs, whiskers min-max)'
${histogram}
set logscale y
set ylabel 'microseconds'
set key top left
plot ${q(f)} using 2:3:4:xtic(1) title 'p50' lc rgb '#1565c0', '' using 5:6:7 title 'p99' lc rgb '#c62828'`)
  }
  // 6. pipelined pushes: pushes/s and CPU per push
  if(sec.pipeline){
    const O = sec.pipeline.summary
    const f = dat("pipeline.dat", ["# client rate rate_lo rate_hi",
      ...ORDER.map((c) => `"${c}" ${triple(O.rate[c])}`)])
    run("pipeline.png", `set title 'Pipelined echo pushes (${O.window} in flight): pushes/s (higher is better; median, whiskers min-max)'
${histogram}
set logscale y
set ylabel 'pushes / s'
unset key
plot ${q(f)} using 2:3:4:xtic(1) lc rgb '#2e7d32'`)
  }
  // 7. bursts: cost per push against the number of pushes in one burst
  if(sec.scale){
    const S = sec.scale.summary
    const f = dat("scale.dat", ["# pushes_per_burst us_per_push lo hi",
      ...S.bursts.map((b) => `${b.count} ${triple(b.per_push_us)}`)])
    run("scale.png", `set title 'PhoenixQt: microseconds per echo push against pushes made at once (flat = linear cost)'
set logscale x
set xlabel 'pushes per burst'
set ylabel 'microseconds per push'
set yrange [0:*]
set grid
unset key
plot ${q(f)} using 1:2:3:4 with yerrorlines lw 2 pt 7 lc rgb '#2e7d32'`)
  }
  return made
}
