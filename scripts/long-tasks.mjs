// The main thread's long tasks as the page reports them (PerformanceObserver 'longtask', every
// task over 50 ms), for the page measurements of `make bench` and the scripts beside it.

/** Makes every page of `context` record its long tasks from its first moment. */
export function recordLongTasks(context) {
  return context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  });
}

/** The long tasks (`{ start, duration }`, page time in ms) of `page` that started in `[from, to]`. */
export function longTasksBetween(page, from, to = Infinity) {
  return page.evaluate(([s, e]) => window.__longTasks.filter((t) => t.start >= s && t.start <= e), [from, to]);
}
