import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstKeyword, PLUGINSD_MAX_WORDS, splitWords } from '../../src/protocol/tokenizer';

describe('splitWords (Netdata 1.37 quoted_strings_splitter + pluginsd_space)', () => {
  it('splits on spaces, tabs, CR, LF and =', () => {
    assert.deepEqual(splitWords('SET "user" = 123'), ['SET', 'user', '123']);
    assert.deepEqual(splitWords('SET user=123'), ['SET', 'user', '123']);
    assert.deepEqual(splitWords('a\tb\r\nc==d'), ['a', 'b', 'c', 'd']);
    assert.deepEqual(splitWords('   lead  trail   '), ['lead', 'trail']);
  });

  it('keeps separators and the other quote inside quotes, for both quote kinds', () => {
    assert.deepEqual(splitWords(`CHART "a b=c" 'd "e" f'`), ['CHART', 'a b=c', 'd "e" f']);
    assert.deepEqual(splitWords(`X 'it"s'`), ['X', 'it"s']);
  });

  it('keeps empty quoted words, in the middle and at the end', () => {
    assert.deepEqual(splitWords('CHART "a.b" "" "title" \'\''), ['CHART', 'a.b', '', 'title', '']);
    assert.deepEqual(splitWords('DIMENSION "x" "x" "absolute" 1 1 "  "'), ['DIMENSION', 'x', 'x', 'absolute', '1', '1', '  ']);
  });

  it('ends a quoted word at its closing quote, even without a separator after it', () => {
    assert.deepEqual(splitWords('"ab"cd ef'), ['ab', 'cd', 'ef']);
  });

  it('treats a quote inside an unquoted word as a plain character', () => {
    assert.deepEqual(splitWords('ab"cd e"f'), ['ab"cd', 'e"f']);
  });

  it('keeps backslashes and the character they protect', () => {
    assert.deepEqual(splitWords('X "a\\"b" c'), ['X', 'a\\"b', 'c']);
    assert.deepEqual(splitWords('X a\\ b'), ['X', 'a\\ b']);
    assert.deepEqual(splitWords('X ab\\'), ['X', 'ab\\']);
  });

  it('runs an unterminated quoted word to the end of the line', () => {
    assert.deepEqual(splitWords('X "a b c'), ['X', 'a b c']);
  });

  it('ignores a lone quote at the end, but a lone first quote is an empty word', () => {
    assert.deepEqual(splitWords('X "'), ['X']);
    assert.deepEqual(splitWords('"'), ['']);
  });

  it('gives no words for a blank line', () => {
    assert.deepEqual(splitWords(''), []);
    assert.deepEqual(splitWords(' \t= \r'), []);
  });

  it('stops at max words and drops the rest of the line', () => {
    const line = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');
    const words = splitWords(line);
    assert.equal(words.length, PLUGINSD_MAX_WORDS);
    assert.equal(words[19], 'w19');
    assert.deepEqual(splitWords('a "b c" d e', 2), ['a', 'b c']);
    assert.deepEqual(splitWords('a b', 1), ['a']);
  });

  it('ends the line at a NUL, as the C string does', () => {
    assert.deepEqual(splitWords('a b\0c d'), ['a', 'b']);
  });

  it('keeps multi-byte characters whole', () => {
    assert.deepEqual(splitWords('SET "température" = 5'), ['SET', 'température', '5']);
  });
});

describe('firstKeyword (find_first_keyword)', () => {
  it('takes the raw first token, quotes included', () => {
    assert.equal(firstKeyword('  BEGIN "x" 1'), 'BEGIN');
    assert.equal(firstKeyword('"SET" x = 1'), '"SET"');
    assert.equal(firstKeyword('END'), 'END');
    assert.equal(firstKeyword(' = '), '');
  });
});
