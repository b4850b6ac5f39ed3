// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// Summary statistics and number formatting shared by the benchmark driver, its report and compare.mjs.

// Quantile q (0..1) of sorted values, linear between the closest ranks.
export function quantile(sorted, q){
  if(sorted.length === 0){ return NaN }
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)
}

export const median = (xs) => quantile([...xs].sort((a, b) => a - b), 0.5)

// {min, q1, median, q3, max, n} of the finite values of xs, or null when there are none.
export function stats(xs){
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  if(v.length === 0){ return null }
  return { min: v[0], q1: quantile(v, 0.25), median: quantile(v, 0.5), q3: quantile(v, 0.75), max: v[v.length - 1], n: v.length }
}

export const ratio = (a, b) => Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : NaN

export function fmt(x, digits = 3){
  if(x === null || x === undefined || !Number.isFinite(x)){ return "–" }
  const a = Math.abs(x)
  if(a >= 1e9){ return (x / 1e9).toFixed(2) + " G" }
  if(a >= 1e6){ return (x / 1e6).toFixed(2) + " M" }
  if(a >= 1e4){ return (x / 1e3).toFixed(1) + " k" }
  if(a >= 100 || Number.isInteger(x)){ return x.toFixed(0) }
  if(a >= 10){ return x.toFixed(1) }
  return x.toPrecision(digits)
}

// "median (min–max)"; a single value is shown alone.
export function fmtStats(s, digits){
  if(!s){ return "–" }
  if(s.n === 1 || s.min === s.max){ return fmt(s.median, digits) }
  return `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`
}

// Relative spread of a summary: (max − min) / median.
export const spread = (s) => s && s.median ? (s.max - s.min) / Math.abs(s.median) : NaN
