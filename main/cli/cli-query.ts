// --query's JMESPath and -o yaml's writer, in a module of their own: cli-output.ts imports it only
// when one of them is asked for (an import() of the packages themselves would, once bundled, give
// their CommonJS exports object instead of the named functions).
import { search } from '@jmespath-community/jmespath';
import { stringify } from 'yaml';

export function jmespathSearch(data: unknown, query: string): unknown {
  // search() takes JSON values; the result objects are plain JSON already
  return search(data as Parameters<typeof search>[0], query);
}

export function yamlText(data: unknown): string {
  return stringify(data, { lineWidth: 0 });
}
