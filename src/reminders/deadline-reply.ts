// STUB: the reminders work replaces this file. Signature is what src/bot.ts relies on.
import type { Library } from '../library.js';
import { messages } from '../messages.js';
import { notice, type Reply } from '../reply.js';

/** What is due, soonest first, with days left and the quoted sentence. */
export function deadlineReply(_library: Library, _at: Date, _timezone: string): Reply {
  return notice(messages.noDeadlines);
}
