// Join codes: six digits, read aloud and typed on a number pad; whatever a person types or pastes.
import { describe, expect, it } from 'vitest';
import { formatJoinCode, newJoinCode, normaliseJoinCode } from '../../src/lib/server/trainer/join-code';

describe('join codes', () => {
  it('are six digits', () => {
    for (let i = 0; i < 200; i += 1) expect(newJoinCode()).toMatch(/^\d{6}$/);
  });

  it('are shown in two groups of three', () => {
    expect(formatJoinCode('386512')).toBe('386 512');
  });

  it.each([
    ['386512', '386512'],
    ['386 512', '386512'],
    ['386-512', '386512'],
    ['３８６５１２', '386512'],
    ['  386 512  ', '386512'],
    ['http://127.0.0.1:4321/join/386512', '386512'],
    ['https://harvest.example/join/386512?x=1', '386512'],
  ])('read %j as %s', (typed, code) => {
    expect(normaliseJoinCode(typed)).toBe(code);
  });

  it.each(['38651', '3865123', 'ABC123', '', '386 51x', '/join/'])('refuse %j', (typed) => {
    expect(normaliseJoinCode(typed)).toBeNull();
  });
});
