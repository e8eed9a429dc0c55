#!/usr/bin/env node
// npm links the bins of dependencies into node_modules/.bin, but not the project's own. Linking ours
// there lets scripts and hooks that look in node_modules/.bin run `directive-bot` from a checkout.
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../node_modules/.bin/', import.meta.url));
mkdirSync(bin, { recursive: true });
rmSync(`${bin}directive-bot`, { force: true });
symlinkSync('../../bin/directive-bot.js', `${bin}directive-bot`);
