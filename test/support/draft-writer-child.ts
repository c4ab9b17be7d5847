// A process that edits drafts as fast as it can until it is killed: the kill test's victim.
// Prints "ready" once the first write is done, so the test kills it mid-stream, not at start-up.
import { engineRuleChecker, engineRuleSetCodec } from '../../main/drafts/engine-adapters.ts';
import { createDraftService } from '../../main/drafts/service.ts';
import { openDraftStore } from '../../main/drafts/store.ts';

const dir = process.argv[2]!;
const store = await openDraftStore(dir);
const noDialog = async () => null;
const drafts = createDraftService({ store, dialogs: { openRuleSetFile: noDialog, saveRuleSetFile: noDialog, saveExportFile: noDialog }, codec: engineRuleSetCodec, checker: engineRuleChecker });
const id = drafts.list()[0]?.id ?? (await drafts.create({ name: 'victim' })).draft.id;
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const name = `rule-${process.pid}-${i}`;
  await drafts.saveRule(id, { name, source: `quay.io/org/r${i}`, target: `r-${process.pid}-${i}` }, null);
  if (i % 3 === 2) await drafts.deleteRule(id, name);
}
