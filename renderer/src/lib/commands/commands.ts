// The renderer's one command runner and its one key handler. What a command does belongs to the
// component that can do it: components provide handlers while they are mounted (`provideCommands`
// for the view-wide ones, the `keyScope` attachment for the ones that follow focus, e.g. the rules
// table or the map). Which key runs what comes from core/keymap.ts only. The keys, the command
// palette and the application menu all end in `runCommand(id)`.
import type { Attachment } from 'svelte/attachments';
import { COMMANDS, FOCUS_SCOPES, command, commandForKey, platformOf, type CommandDefinition, type CommandId, type Platform, type Scope } from '../../../../core/keymap.ts';
import { isTextEntry } from '../keyboard.ts';

/**
 * Runs a command. `event` is the key press when a key ran it (the map reads the focused block
 * from it). Returning false means "not applicable here": the key is then left to the browser.
 */
export type CommandHandler = (event?: KeyboardEvent) => boolean | void | Promise<unknown>;
export type CommandHandlers = Partial<Record<CommandId, CommandHandler>>;

function detectPlatform(): Platform {
  if (typeof navigator === 'undefined') return 'other';
  const data = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData;
  return platformOf(data?.platform || navigator.platform || '');
}

/** The platform whose keys are shown and matched. */
export const platform: Platform = detectPlatform();

// view-wide handlers, newest last: a view mounted later (a workspace over the list) wins
const providers: CommandHandlers[] = [];
// handlers of focus scopes, by the element that carries the scope
const scoped = new WeakMap<Element, { scope: Scope; handlers: CommandHandlers }>();

/** Makes commands available while the caller is mounted; call the result to withdraw them. */
export function provideCommands(handlers: CommandHandlers): () => void {
  providers.push(handlers);
  return () => {
    const at = providers.lastIndexOf(handlers);
    if (at >= 0) providers.splice(at, 1);
  };
}

/**
 * An attachment for the element a focus scope covers (`rules-grid`, `editor`, `map`, …): while
 * focus is inside it, its handlers serve the commands of that scope.
 */
export function keyScope(scope: Scope, handlers: CommandHandlers): Attachment<HTMLElement | SVGElement> {
  if (!FOCUS_SCOPES.has(scope)) throw new Error(`${scope} is not a focus scope`);
  return (element) => {
    scoped.set(element, { scope, handlers });
    element.setAttribute('data-key-scope', scope);
    return () => {
      scoped.delete(element);
      element.removeAttribute('data-key-scope');
    };
  };
}

/** The focus scopes around `origin`, innermost first (only those inside `within`, when given). */
function focusScopesAt(origin: Element | null, within: Element | null = null): Map<Scope, CommandHandlers> {
  const found = new Map<Scope, CommandHandlers>();
  for (let at = origin; at !== null; at = at === within ? null : at.parentElement) {
    const entry = scoped.get(at);
    if (entry && !found.has(entry.scope)) found.set(entry.scope, entry.handlers);
  }
  return found;
}

function handlerFor(id: CommandId, origin: Element | null): CommandHandler | undefined {
  if (FOCUS_SCOPES.has(command(id).scope)) return focusScopesAt(origin).get(command(id).scope)?.[id];
  for (let i = providers.length - 1; i >= 0; i--) {
    const handler = providers[i]![id];
    if (handler) return handler;
  }
  return undefined;
}

// every dialog of the app is opened with showModal(), so an open one is a modal one (and this
// also holds in jsdom, which does not know :modal)
function openModal(): Element | null {
  return typeof document === 'undefined' ? null : document.querySelector('dialog[open]');
}

/** Whether a modal dialog (a prompt, a confirmation, the plan sheet, the palette) is open. */
export function modalOpen(): boolean {
  return openModal() !== null;
}

function focused(): Element | null {
  return typeof document === 'undefined' ? null : document.activeElement;
}

/** The commands that can run now, with focus at `origin`, in the keymap's order. */
export function availableCommands(origin: Element | null = focused()): CommandDefinition[] {
  return COMMANDS.filter((c) => handlerFor(c.id, origin) !== undefined);
}

export interface RunOptions {
  /** Where focus was when the command was asked for (the palette passes what it opened from). */
  origin?: Element | null;
  event?: KeyboardEvent;
}

/**
 * Runs the command if it applies now. Nothing runs while a modal dialog is open: a shortcut
 * (or a menu click) must not switch the view under a half-filled form or a running apply.
 * True when it ran.
 */
export function runCommand(id: CommandId, options: RunOptions = {}): boolean {
  if (modalOpen()) return false;
  const handler = handlerFor(id, options.origin === undefined ? focused() : options.origin);
  if (handler === undefined) return false;
  return handled(handler(options.event), id);
}

/** The scopes that apply for a key pressed at `target`. */
function scopesAt(target: Element | null): Set<Scope> {
  const scopes = new Set<Scope>(['app', ...focusScopesAt(target).keys()]);
  for (const handlers of providers) for (const id of Object.keys(handlers) as CommandId[]) scopes.add(command(id).scope);
  return scopes;
}

function handled(result: ReturnType<CommandHandler>, id: CommandId): boolean {
  if (result instanceof Promise) result.catch((error: unknown) => console.error(`command ${id} failed`, error));
  return result !== false;
}

/**
 * The single key handler (on window): the keymap decides what a key means, the providers do it.
 * While a modal dialog is open only the widgets inside it (its list, its tabs) take keys.
 */
export function handleKeydown(event: KeyboardEvent): void {
  if (event.defaultPrevented || event.isComposing) return;
  const target = event.target instanceof Element ? event.target : null;
  const textEntry = isTextEntry(target);
  const modal = openModal();
  if (modal !== null) {
    if (target === null || !modal.contains(target)) return;
    const inside = focusScopesAt(target, modal);
    const found = commandForKey(event, { platform, modalOpen: false, textEntry, scopes: new Set(inside.keys()) });
    const handler = found && inside.get(found.scope)?.[found.id];
    if (found && handler && handled(handler(event), found.id)) event.preventDefault();
    return;
  }
  const found = commandForKey(event, { platform, modalOpen: false, textEntry, scopes: scopesAt(target) });
  if (found === undefined) return;
  if (runCommand(found.id, { origin: target, event })) event.preventDefault();
}
