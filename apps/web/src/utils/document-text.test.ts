import { describe, expect, it } from 'vitest';
import { renderDocumentText } from './document-text.ts';

function parse(html: string): HTMLElement {
  const container = document.createElement('div');
  container.innerHTML = html;
  return container;
}

describe('renderDocumentText', () => {
  it('renders Markdown headings, lists and emphasis without their markers', () => {
    const html = renderDocumentText('# 白玉县医保报销办法\n\n## 第一章 总则\n\n- **起付线**以上部分\n- 报销比例', 'markdown');
    const rendered = parse(html);
    expect(rendered.querySelector('h3')?.textContent).toBe('白玉县医保报销办法');
    expect(rendered.querySelector('h4')?.textContent).toBe('第一章 总则');
    expect(rendered.querySelectorAll('li')).toHaveLength(2);
    expect(rendered.querySelector('strong')?.textContent).toBe('起付线');
    expect(rendered.textContent).not.toContain('#');
    expect(rendered.textContent).not.toContain('**');
  });

  it('keeps single line breaks between clauses', () => {
    const rendered = parse(renderDocumentText('第一条 参保范围。\n第二条 缴费标准。', 'markdown'));
    expect(rendered.querySelectorAll('br')).toHaveLength(1);
  });

  it('drops scripts, event handlers and javascript: links from Markdown', () => {
    const html = renderDocumentText(
      '# 通知\n\n<script>window.__pwned = true</script>\n\n<img src="x" onerror="window.__pwned = true">\n\n[点此](javascript:alert(1)) <a href="javascript:alert(1)">链接</a>',
      'markdown',
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('onerror');
    const rendered = parse(html);
    expect([...rendered.querySelectorAll('[href]')].map((a) => a.getAttribute('href'))).not.toContainEqual(expect.stringMatching(/^javascript:/i));
    expect(rendered.querySelector('h3')?.textContent).toBe('通知');
  });

  it('sanitises an HTML upload: handlers, styles, forms and remote resources are gone', () => {
    const html = renderDocumentText(
      [
        '<h1 onclick="steal()">关于印发办法的通知</h1>',
        '<style>body { display: none }</style>',
        '<p style="position: fixed" class="n-button">正文<img src="https://example.com/track.gif"><img src="/api/v1/auth/logout"></p>',
        '<iframe src="https://example.com"></iframe>',
        '<form action="/api/v1/users" method="post"><input name="x"></form>',
        '<svg><script>alert(1)</script></svg>',
      ].join(''),
      'html',
    );
    const rendered = parse(html);
    expect(rendered.querySelector('h3')?.textContent).toBe('关于印发办法的通知');
    expect(html).not.toMatch(/onclick|<style|style=|class=|<img|<iframe|<form|<input|<svg|<script/i);
    expect(rendered.textContent).toContain('正文');
  });

  it('keeps images embedded in the document', () => {
    const rendered = parse(renderDocumentText('<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="公章"></p>', 'html'));
    expect(rendered.querySelector('img')?.getAttribute('alt')).toBe('公章');
  });

  it('opens links apart from the page, without telling the target who sent the reader', () => {
    const rendered = parse(renderDocumentText('见[国家医保局](https://www.nhsa.gov.cn/)', 'markdown'));
    const link = rendered.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://www.nhsa.gov.cn/');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link?.getAttribute('target')).toBe('_blank');
  });

  it('keeps links within the document in the page', () => {
    const rendered = parse(renderDocumentText('<p><a href="#fujian" target="_top">见附件</a></p><h2 id="fujian">附件</h2>', 'html'));
    const link = rendered.querySelector('a');
    expect(link?.getAttribute('href')).toBe('#fujian');
    expect(link?.hasAttribute('target')).toBe(false);
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
  });
});
