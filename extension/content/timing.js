// Debounce with injectable timers so its behaviour is tested without waiting.
export function debounce(fn, waitMs, timers = globalThis) {
  let handle = null;
  let lastArgs = [];
  const debounced = (...args) => {
    lastArgs = args;
    if (handle !== null) timers.clearTimeout(handle);
    handle = timers.setTimeout(() => {
      handle = null;
      fn(...lastArgs);
    }, waitMs);
  };
  debounced.cancel = () => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
  };
  debounced.flush = () => {
    if (handle === null) return;
    debounced.cancel();
    fn(...lastArgs);
  };
  debounced.pending = () => handle !== null;
  return debounced;
}

// Runs fn at most once per animation frame, however often it is asked.
export function frameThrottle(fn, schedule = (cb) => requestAnimationFrame(cb)) {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    schedule(() => {
      queued = false;
      fn();
    });
  };
}
