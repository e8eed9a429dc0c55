import type { Notifier } from '../../src/notifier.js';
import type { Reply } from '../../src/reply.js';

/** A test's stand-in for a chat platform: keeps what it was sent, and can fail its first sends. */
export interface RecordingNotifier extends Notifier {
  sent: Array<{ conversationId: string; reply: Reply }>;
}

export function recordingNotifier(platform: string, failures = 0): RecordingNotifier {
  let left = failures;
  const sent: RecordingNotifier['sent'] = [];
  return {
    platform,
    sent,
    async send(conversationId, reply) {
      if (left > 0) {
        left -= 1;
        throw new Error('HTTP 503 Service Unavailable');
      }
      sent.push({ conversationId, reply });
    },
  };
}

/** A recording notifier whose sends stay in flight until the test releases them, as a slow platform would. */
export interface HeldNotifier extends RecordingNotifier {
  /** Sends started and not yet released. */
  held(): number;
  /** Lets every send in flight complete. */
  release(): void;
}

export function heldNotifier(platform: string): HeldNotifier {
  const recorder = recordingNotifier(platform);
  const waiting: Array<() => void> = [];
  return {
    ...recorder,
    async send(conversationId, reply) {
      await new Promise<void>((resolve) => waiting.push(resolve));
      await recorder.send(conversationId, reply);
    },
    held: () => waiting.length,
    release() {
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}
