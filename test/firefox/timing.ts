/** Vitest global setup: prints how long the Firefox suite took, against its 3-minute budget. */
export default function timeSuite() {
  const started = performance.now();
  return () => {
    const seconds = (performance.now() - started) / 1000;
    console.log(`Firefox suite: ${seconds.toFixed(1)} s (budget 180 s)`);
  };
}
