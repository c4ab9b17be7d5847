// `node --import <this file>`: appends the URL of every module file the process loads to the
// file named by MODULE_LOG (one per line). The hooks run on node's loader thread, hence a file.
import { register } from 'node:module';

const hooks = `
import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(log, url + '\\n');
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, import.meta.url, { data: { log: process.env.MODULE_LOG } });
