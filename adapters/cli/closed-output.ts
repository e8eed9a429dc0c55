/**
 * Ends the process quietly, with status 0, when the program reading our output has gone (`ask --jsonl
 * | head -1`, `doctor | head -3`): a write then fails with EPIPE, which Node would otherwise throw as
 * an unhandled 'error' event with a stack trace. Unix tools die of SIGPIPE silently in the same case;
 * the reader has what it wanted. Any other output error is still thrown.
 */
export function exitQuietlyWhenOutputCloses(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(0);
    });
  }
}
