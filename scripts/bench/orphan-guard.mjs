// @ts-check
// Preloaded (`node --import`) into the bench's child servers: if the bench process dies without
// cleaning up (SIGKILL, crash), the child notices it was re-parented and stops itself.
const parent = process.ppid;
const timer = setInterval(() => {
  if (process.ppid !== parent) {
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
    setTimeout(() => process.exit(0), 5_000).unref();
  }
}, 1_000);
timer.unref();
