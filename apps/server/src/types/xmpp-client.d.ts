/** The part of `@xmpp/client` (no types of its own) the tests use: src/test/xmpp-client.ts. */
declare module '@xmpp/client' {
  import type { EventEmitter } from 'node:events';

  export interface XmlElement {
    name: string;
    attrs: Record<string, string | undefined>;
    children: (XmlElement | string)[];
    is(name: string, xmlns?: string): boolean;
    getChild(name: string, xmlns?: string): XmlElement | undefined;
    getChildren(name: string, xmlns?: string): XmlElement[];
    getChildElements(): XmlElement[];
    getChildText(name: string, xmlns?: string): string | null;
    getText(): string;
    toString(): string;
  }

  export interface XmppJid {
    toString(): string;
  }

  export interface XmppClient extends EventEmitter {
    jid: XmppJid | null;
    status: string;
    reconnect: { stop(): void; delay: number };
    start(): Promise<XmppJid>;
    stop(): Promise<void>;
    send(...elements: XmlElement[]): Promise<void>;
  }

  export function client(options: {
    service: string;
    domain?: string;
    resource?: string;
    username?: string;
    password?: string;
  }): XmppClient;

  export function xml(
    name: string,
    attrs?: Record<string, string>,
    ...children: (XmlElement | string)[]
  ): XmlElement;
}
