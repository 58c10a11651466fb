/**
 * A typed line in the terminal becomes what a button or a message would be elsewhere:
 * a choice by number or label, otherwise text for the dialog to read.
 */
import { describe, expect, it } from 'vitest';
import { readReply } from '../../../adapters/terminal/index.js';
import type { OutboundMessage } from '../../../src/engine/types.js';

const scoreQuestion: OutboundMessage = {
  id: 'm2',
  key: 'scoreQuestion',
  text: 'How likely…?',
  expects: 'score',
  choices: Array.from({ length: 11 }, (_, n) => ({ label: String(n), value: String(n) })),
  scale: { low: 'Not at all likely', high: 'Extremely likely' },
};
const areaQuestion: OutboundMessage = {
  id: 'm4',
  key: 'areaQuestion',
  text: '问题主要出在哪个方面？',
  expects: 'choice',
  choices: [
    { label: '产品', value: 'product' },
    { label: '服务', value: 'service' },
    { label: 'Something else', value: 'other' },
  ],
};
const reasonQuestion: OutboundMessage = { id: 'm3', key: 'reasonDetractor', text: 'What went wrong?', expects: 'text' };

describe('readReply', () => {
  it.each([
    ['9', scoreQuestion, { kind: 'choice', value: '9' }],
    ['10', scoreQuestion, { kind: 'choice', value: '10' }],
    [' 0 ', scoreQuestion, { kind: 'choice', value: '0' }],
    ['１０', scoreQuestion, { kind: 'choice', value: '10' }],
    ['nine', scoreQuestion, { kind: 'text', text: 'nine' }],
    ['11', scoreQuestion, { kind: 'text', text: '11' }],
    ['help', scoreQuestion, { kind: 'text', text: 'help' }],
    ['2', areaQuestion, { kind: 'choice', value: 'service' }],
    ['服务', areaQuestion, { kind: 'choice', value: 'service' }],
    ['something ELSE', areaQuestion, { kind: 'choice', value: 'other' }],
    ['product', areaQuestion, { kind: 'choice', value: 'product' }],
    ['4', areaQuestion, { kind: 'text', text: '4' }],
    ['跳过', areaQuestion, { kind: 'text', text: '跳过' }],
    ['1', reasonQuestion, { kind: 'text', text: '1' }],
    ['It was slow', undefined, { kind: 'text', text: 'It was slow' }],
  ] as const)('%j at %s', (line, question, event) => {
    expect(readReply(line, question)).toEqual(event);
  });
});
