import axe from 'axe-core';

/**
 * axe-core's findings on `node` as "rule: help (target)" lines; an empty list is clean. jsdom lays
 * nothing out, so the colour-contrast rule (which needs rendering) is left to the e2e suite.
 */
export async function axeViolations(node: Element): Promise<string[]> {
  const result = await axe.run(node, { rules: { 'color-contrast': { enabled: false } } });
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} (${n.target.join(' ')})`));
}
