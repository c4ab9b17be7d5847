import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import ConfirmDialog from '../../../renderer/src/lib/components/common/ConfirmDialog.svelte';

// The dialog's own 'close' event arrives a task later; a key pressed in between must already see
// the dialog as closed. So the choice is reported synchronously, and only once.
describe('modal dialog', () => {
  beforeAll(() => {
    // jsdom has no modal dialogs. This stand-in opens and closes without firing 'close', as a
    // browser does within the same task; the tests fire the late event themselves.
    const proto = HTMLDialogElement.prototype as HTMLDialogElement & { showModal(): void; close(value?: string): void };
    proto.showModal = function showModal(this: HTMLDialogElement) {
      this.setAttribute('open', '');
    };
    proto.close = function close(this: HTMLDialogElement, value?: string) {
      this.removeAttribute('open');
      if (value !== undefined) this.returnValue = value;
    };
  });

  test('reports the confirm choice at once, and only once when the close event follows', async () => {
    const onconfirm = vi.fn();
    const oncancel = vi.fn();
    render(ConfirmDialog, { title: 'Delete rule?', message: 'Rule "x" will be removed.', confirmLabel: 'Delete rule', onconfirm, oncancel });
    screen.getByRole('button', { name: 'Delete rule', hidden: true }).click();
    expect(onconfirm).toHaveBeenCalledTimes(1);
    await fireEvent(screen.getByRole('dialog', { hidden: true }), new Event('close'));
    expect(onconfirm).toHaveBeenCalledTimes(1);
    expect(oncancel).not.toHaveBeenCalled();
  });

  test('Escape (the cancel event) reports cancel at once', async () => {
    const onconfirm = vi.fn();
    const oncancel = vi.fn();
    render(ConfirmDialog, { title: 'Delete rule?', message: 'm', confirmLabel: 'Delete rule', onconfirm, oncancel });
    const dialog = screen.getByRole('dialog', { hidden: true });
    await fireEvent(dialog, new Event('cancel', { cancelable: true }));
    expect(oncancel).toHaveBeenCalledTimes(1);
    await fireEvent(dialog, new Event('close'));
    expect(oncancel).toHaveBeenCalledTimes(1);
    expect(onconfirm).not.toHaveBeenCalled();
  });
});
