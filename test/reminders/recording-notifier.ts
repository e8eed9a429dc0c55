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
