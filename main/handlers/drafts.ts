import { z } from 'zod';
import { text } from '../../core/rule-set-schema.ts';
import { cacheRuleSchema, credentialSetSchema, draftIdSchema, draftNameSchema } from '../domain-schemas.ts';
import type { DraftService } from '../drafts/service.ts';
import type { HandlerTable } from '../ipc/router.ts';
import { checkRegistryLoginServer } from './registry-login-server.ts';

const name = draftNameSchema;
const ruleName = text(200);

export function draftHandlers(drafts: DraftService): HandlerTable['drafts'] {
  return {
    status: { args: z.tuple([]), handle: () => drafts.status() },
    list: { args: z.tuple([]), handle: () => drafts.list() },
    open: { args: z.tuple([draftIdSchema]), handle: (id) => drafts.open(id) },
    create: {
      args: z.tuple([z.object({ name, registry: z.string().max(300).optional() }).strict()]),
      // a draft's target registry is what its pull tester and plans read references against
      handle: (input) => drafts.create(input.registry === undefined || input.registry.trim() === '' ? { name: input.name } : { name: input.name, registry: checkRegistryLoginServer(input.registry) }),
    },
    rename: { args: z.tuple([draftIdSchema, name]), handle: (id, newName) => drafts.rename(id, newName) },
    duplicate: { args: z.tuple([draftIdSchema]), handle: (id) => drafts.duplicate(id) },
    remove: { args: z.tuple([draftIdSchema]), handle: (id) => drafts.remove(id) },
    setRegistry: { args: z.tuple([draftIdSchema, z.string().max(300).nullable()]), handle: (id, registry) => drafts.setRegistry(id, registry === null || registry.trim() === '' ? null : checkRegistryLoginServer(registry)) },
    saveRule: {
      args: z.tuple([draftIdSchema, cacheRuleSchema, ruleName.nullable()]),
      handle: (id, rule, replacing) => drafts.saveRule(id, rule, replacing),
    },
    addRules: {
      args: z.tuple([draftIdSchema, z.array(cacheRuleSchema).min(1).max(1000)]),
      handle: (id, rules) => drafts.addRules(id, rules),
    },
    deleteRule: { args: z.tuple([draftIdSchema, ruleName]), handle: (id, rule) => drafts.deleteRule(id, rule) },
    saveCredentialSet: {
      args: z.tuple([draftIdSchema, credentialSetSchema, ruleName.nullable()]),
      handle: (id, set, replacing) => drafts.saveCredentialSet(id, set, replacing),
    },
    deleteCredentialSet: { args: z.tuple([draftIdSchema, ruleName]), handle: (id, set) => drafts.deleteCredentialSet(id, set) },
    undo: { args: z.tuple([draftIdSchema]), handle: (id) => drafts.undo(id) },
    redo: { args: z.tuple([draftIdSchema]), handle: (id) => drafts.redo(id) },
    importFile: { args: z.tuple([]), handle: () => drafts.importFile() },
    importText: { args: z.tuple([name, z.string().max(20_000_000)]), handle: (draftName, text) => drafts.importText(draftName, text) },
    exportFile: { args: z.tuple([draftIdSchema, z.enum(['yaml', 'json'])]), handle: (id, format) => drafts.exportFile(id, format) },
  };
}
