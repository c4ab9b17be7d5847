import { render, screen } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import QuotaMeter from '../../../renderer/src/lib/components/common/QuotaMeter.svelte';

describe('QuotaMeter', () => {
  test('counts against the 1,000-rule limit', () => {
    render(QuotaMeter, { count: 12 });
    const meter = screen.getByRole('meter', { name: 'Cache rule quota' });
    expect(meter).toHaveTextContent('12 / 1,000 rules');
    expect(meter).toHaveAttribute('aria-valuenow', '12');
    expect(meter).toHaveAttribute('aria-valuetext', '12 of the 1,000 rules a registry can hold');
    expect(meter).toHaveClass('ok');
  });

  test('warns from 900 rules on, and says how many are left', () => {
    render(QuotaMeter, { count: 950 });
    const meter = screen.getByRole('meter');
    expect(meter).toHaveClass('near');
    expect(meter).toHaveTextContent('near limit');
    expect(meter).toHaveAttribute('aria-valuetext', '50 left before the limit of 1,000 rules');
  });

  test('over the limit is an error, with how far over', () => {
    render(QuotaMeter, { count: 1003 });
    const meter = screen.getByRole('meter');
    expect(meter).toHaveClass('over');
    expect(meter).toHaveTextContent('1,003 / 1,000 rules');
    expect(meter).toHaveAttribute('aria-valuetext', '3 over the limit of 1,000 rules a registry can hold');
  });
});
