// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// Compares the ratios of two results.json files (two runs of scripts/bench.sh): for every ratio both
// hold, the two medians and how far apart they are. Used to show that the same build measured twice
// gives the same ratios (within --tolerance, default 5%), and for before/after comparisons.
//
//   node benchmarks/driver/compare.mjs A/results.json B/results.json [--tolerance 0.05] [--all]
//
// Judged (exit status 1 when one is further apart than the tolerance): the CPU, rate and instruction
// ratios of the throughput, channels, pipeline and callgrind sections. Listed but not judged: latency
// percentiles, memory, reconnect and scale ratios (wall-clock tails and allocator states that a
// shared machine moves more than 5%). --all also lists the absolute figures.

import fs from "node:fs"

import { fmt } from "./stats.mjs"

const args = process.argv.slice(2)
const files = args.filter((a, i) => !a.startsWith("--") && !(args[i - 1] || "").startsWith("--tolerance"))
const tolerance = Number(args[args.indexOf("--tolerance") + 1]) || 0.05
const all = args.includes("--all")
if(files.length !== 2){
  console.error("usage: compare.mjs A/results.json B/results.json [--tolerance 0.05] [--all]")
  process.exit(2)
}
const [a, b] = files.map((f) => JSON.parse(fs.readFileSync(f, "utf8")))

// Every summary ({median, ...}) under `node`, keyed by its path.
function figures(node, at = "", out = new Map()){
  if(!node || typeof node !== "object"){ return out }
  if(Number.isFinite(node.median) && "min" in node){ out.set(at, node); return out }
  for(const [k, v] of Object.entries(node)){ figures(v, at ? `${at}.${k}` : k, out) }
  return out
}

const isRatio = (p) => /(^|\.)(ratios|ratio|consistency)(\.|$)|_vs_|heap_left|per_refused/.test(p)
const JUDGED = ["throughput", "channels", "pipeline", "callgrind"]
const judged = (name, p) => JUDGED.includes(name) && isRatio(p) && !/p50|p99|memRatio|consistency|fastest_vs_recv/.test(p)
let worst = 0
let compared = 0
const rows = []
for(const name of Object.keys(a.sections || {})){
  if(!b.sections?.[name]){ continue }
  const fa = figures(a.sections[name].summary), fb = figures(b.sections[name].summary)
  for(const [p, x] of fa){
    const y = fb.get(p)
    if(!y || (!all && !isRatio(p)) || p.endsWith(".difference")){ continue }
    const diff = Math.abs(x.median - y.median) / ((Math.abs(x.median) + Math.abs(y.median)) / 2 || 1)
    const j = judged(name, p)
    if(j){ worst = Math.max(worst, diff); compared++ }
    rows.push([`${name}.${p}`, fmt(x.median), fmt(y.median),
      `${(diff * 100).toFixed(1)}%${j ? (diff > tolerance ? `  <-- over ${tolerance * 100}%` : "") : "  (not judged)"}`])
  }
}
const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), 4))
console.log(["figure", "A", "B", "apart"].map((h, i) => h.padEnd(w[i])).join("  "))
for(const r of rows){ console.log(r.map((c, i) => c.padEnd(w[i])).join("  ")) }
console.log(`\n${compared} judged ratios compared; the largest difference is ${(worst * 100).toFixed(1)}% (tolerance ${(tolerance * 100).toFixed(0)}%).`)
for(const [label, doc] of [["A", a], ["B", b]]){
  const metas = Object.values(doc.sections || {}).map((s) => s.meta)
  const m = metas[0]
  if(m){ console.log(`${label}: ${m.date}, load average before ${m.load.loadavg_before.map((x) => x.toFixed(2)).join(" ")}, other processes ${fmt(m.load.foreign_cores, 2)} cores`) }
}
process.exit(worst > tolerance ? 1 : 0)
