/** The recording provider (a test double) in its own process for the drain benchmark. */
import { RecordingProvider } from '../tests/helpers/recording-provider';

void new RecordingProvider({ latencyMs: Number(process.env.LATENCY_MS ?? 50) }).start().then((provider) => {
  process.stdout.write(`url ${provider.url}\n`);
  process.on('SIGTERM', () => void provider.close().then(() => process.exit(0)));
});
