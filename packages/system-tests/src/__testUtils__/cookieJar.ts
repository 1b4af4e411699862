/** What a browser keeps of Set-Cookie headers (by name; Max-Age=0 deletes). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map(p => p.trim());
      const [name, value] = [
        pair.slice(0, pair.indexOf('=')),
        pair.slice(pair.indexOf('=') + 1),
      ];
      if (attributes.some(a => /^max-age=0$/i.test(a)) || value === '')
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header() {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }
}
