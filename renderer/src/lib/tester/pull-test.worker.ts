// The pull tester off the main thread: a large paste (thousands of manifests) is extracted and
// resolved here, so typing never waits for it. Loaded as a module worker from the app's own
// origin (CSP worker-src 'self').
import { createResolver, type RuleSet } from '../../../../core/index.ts';
import { indexRules, runPullTest, type PullTest } from './pull-test.ts';

export interface PullTestRequest {
  readonly id: number;
  readonly text: string;
  readonly ruleSet: RuleSet;
}

export interface PullTestReply {
  readonly id: number;
  readonly test: PullTest;
}

self.onmessage = (event: MessageEvent<PullTestRequest>) => {
  const { id, text, ruleSet } = event.data;
  const test = runPullTest(text, createResolver(ruleSet), indexRules(ruleSet.rules));
  (self as unknown as { postMessage(reply: PullTestReply): void }).postMessage({ id, test });
};
