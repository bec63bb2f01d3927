// "The first screen is on show": the moment the sync engine and the service worker bridge
// may start loading. Deferring them keeps their code (and zod) off the first screen's
// critical path on a slow phone; a screen with data calls firstScreenShown(), and a
// fallback timer covers screens that never do (join, settings).
let shown: () => void = () => {};
const ready = new Promise<void>((resolve) => {
  shown = resolve;
});

export function firstScreenShown(): void {
  shown();
}

export function afterFirstScreen(task: () => void, fallbackMs = 1500): void {
  const timer = setTimeout(shown, fallbackMs);
  void ready.then(() => {
    clearTimeout(timer);
    // Let the content paint, then start when the main thread is idle (Safari has no
    // requestIdleCallback: a short timer instead).
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if ('requestIdleCallback' in window) requestIdleCallback(task, { timeout: 1000 });
        else setTimeout(task, 100);
      }),
    );
  });
}
