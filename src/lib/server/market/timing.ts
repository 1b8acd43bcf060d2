// How long a market page's database work took, for the Server-Timing header that `npm run bench`
// reads: the wall time (what a buyer waits for) and the CPU time this process spent meanwhile
// (steady on a busy machine, where wall time also counts waiting for a CPU; with PostgreSQL most of
// the work is in the database's own process and not in this figure).

export interface Stopwatch {
  /** `market;dur=2.41, market-cpu;dur=1.90` */
  header(): string;
}

export function startStopwatch(name = 'market'): Stopwatch {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return {
    header() {
      const wallMs = performance.now() - wall;
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000;
      return `${name};dur=${wallMs.toFixed(2)}, ${name}-cpu;dur=${cpuMs.toFixed(2)}`;
    },
  };
}
