import { SaxesParser } from 'saxes';
import type { StringFile } from './string-file.ts';

/*
 * xl/sharedStrings.xml, string by string into a StringFile. exceljs parses this part only
 * inside its WorkbookReader, with no reader of its own to call; this uses saxes, the XML
 * parser exceljs itself uses. A string is its text runs joined (rich text loses its fonts,
 * as cellText did); the phonetic guide (rPh) is not part of the text.
 */

const local = (name: string) => name.slice(name.indexOf(':') + 1);

export async function readSharedStrings(xml: AsyncIterable<string>, strings: StringFile): Promise<void> {
  const parser = new SaxesParser();
  let text = '';
  let inText = false;
  let inPhonetic = false;
  parser.on('opentag', (node) => {
    const name = local(node.name);
    if (name === 'si') text = '';
    else if (name === 'rPh') inPhonetic = true;
    else if (name === 't' && !inPhonetic) inText = true;
  });
  const onText = (value: string) => {
    if (inText) text += value;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (node) => {
    const name = local(node.name);
    if (name === 't') inText = false;
    else if (name === 'rPh') inPhonetic = false;
    else if (name === 'si') strings.append(text);
  });
  for await (const chunk of xml) parser.write(chunk);
  parser.close();
}
