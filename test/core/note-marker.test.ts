import { describe, expect, it } from 'vitest';
import { afterNoteMarker } from '../../src/core/threads.js';

describe('note markers in a card thread', () => {
  it('reads // and /note as a note and keeps the words after them', () => {
    expect(afterNoteMarker('// she called twice')).toBe('she called twice');
    expect(afterNoteMarker('//she called twice')).toBe('she called twice');
    expect(afterNoteMarker('/note refund approved')).toBe('refund approved');
    expect(afterNoteMarker('/note')).toBe('');
  });

  it('does not take /notes, a URL or plain words for a marker', () => {
    expect(afterNoteMarker('/notes are here')).toBeUndefined();
    expect(afterNoteMarker('https://example.com')).toBeUndefined();
    expect(afterNoteMarker('A new parcel leaves today.')).toBeUndefined();
  });
});
