// Small helpers shared by benchmarks.
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] as number;
}

export function fmtMs(ms: number): string {
  return `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
}

export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function figure(name: string, value: string, goal?: string): void {
  console.log(`${name.padEnd(52)} ${value}${goal ? `   (goal ${goal})` : ""}`);
}
