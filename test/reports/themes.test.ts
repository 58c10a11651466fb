/** The keyword theme classifier: table-driven, in the three locales the bot speaks. */
import { describe, expect, it } from 'vitest';
import { reasonThemes } from '../../src/reports/themes.js';

describe('reason themes', () => {
  it.each([
    ['Way too expensive for what it does', ['price']],
    ['Support never called me back', ['support']],
    ['The app is so slow, pages take forever', ['speed']],
    ['Build quality is poor, it broke after a week', ['quality', 'reliability']],
    ['Really intuitive and easy to set up', ['usability']],
    ['It crashes every time I open it', ['reliability']],
    ['Missing an export feature', ['features']],
    ['Delivery arrived two days late', ['delivery']],
    ['ＰＲＩＣＥ is fair', ['price']],
    ['价格太贵了', ['price']],
    ['客服态度很差', ['support']],
    ['加载速度太慢', ['speed']],
    ['软件经常闪退', ['reliability']],
    ['快递三天才到货', ['delivery']],
    ['價格太貴', ['price']],
    ['客服回覆很慢', ['support', 'speed']],
    ['介面很難用', ['usability']],
    ['品質很好', ['quality']],
    ['客服 never answered', ['support']],
  ])('%s → %j', (reason, themes) => {
    expect(reasonThemes(reason)).toEqual(themes);
  });

  it('does not find a keyword inside a longer word', () => {
    expect(reasonThemes('I bought a costume for my kid')).toEqual(['other']);
    expect(reasonThemes('Suitable for everyone')).toEqual(['other']);
  });

  it('counts a reason that names no theme as other', () => {
    expect(reasonThemes('just because')).toEqual(['other']);
    expect(reasonThemes('还行吧')).toEqual(['other']);
  });
});
