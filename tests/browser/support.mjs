// What the browser tests share: the hanseek binary, a `hanseek serve` on a free
// loopback port, and headless Chromium launched as this machine allows.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const hanseek = process.env.HANSEEK_BIN || join(root, 'target/debug/hanseek');
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

// A `hanseek serve` of `index` on a free loopback port, with `extra` arguments:
// { child, url }.
export function startServer(index, extra = []) {
  return new Promise((ready, fail) => {
    const child = spawn(hanseek, ['serve', '--listen', '127.0.0.1:0', '--index', index, ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
    const timer = setTimeout(() => fail(new Error('hanseek serve did not start in 10 s')), 10_000);
    let seen = '';
    let started = false;
    child.stderr.on('data', (chunk) => {
      seen += chunk;
      const found = seen.match(/http:\/\/(127\.0\.0\.1:\d+)\//);
      if (found && !started) {
        started = true;
        clearTimeout(timer);
        ready({ child, url: `http://${found[1]}` });
      }
    });
    child.on('exit', (code) => fail(new Error(`hanseek serve exited (${code}): ${seen}`)));
  });
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
