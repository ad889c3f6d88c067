/**
 * Changing a layer's options object: setting options to literal values and removing one. ActLens only
 * overwrites what it can read — literals written in the call — never a variable or an expression whose
 * value it cannot know; the exception is an option the fix replaces whatever it holds (`overwrite`: a
 * negative constant bias initializer is written as a call, and every value of it gives way to the new one).
 */
import { insertAt, snippet, type EditContext } from './edit-context.ts';
import { findOption, type LayerOption, type ScannedLayerCall } from '../source/layer-calls.ts';
import { fillEmptyObject, insertAfterEntry, removeEntry } from './list-edits.ts';
import { refuse, type FixEditResult, type TextEdit } from './text-edit.ts';

export interface OptionValue {
  name: string;
  value: string | number;
  /** The value as code, when it is not a literal (`tf.initializers.constant({ value: 0.01 })`). */
  code?: string;
  /**
   * Replace whatever the option holds now, literal or not: for options whose every value this fix means to
   * replace (a constant bias initializer written as a call), where not knowing the old value does not matter.
   */
  overwrite?: boolean;
}

/** Replaces the options' literal values and adds the missing options after the last one. */
export function setOptions(
  context: EditContext,
  scanned: ScannedLayerCall,
  values: readonly OptionValue[],
): FixEditResult {
  const { call, node, optionsNode } = scanned;
  const names = values.map((value) => value.name).join(' and ');
  if (call.optionsKind === 'expression') return refuse(optionsNotWrittenOut(context, scanned, `set ${names}`));
  const quote = quoteNear(context, call.options?.properties ?? []);
  const valueText = ({ value, code }: OptionValue, valueQuote = quote) => code ?? literalText(value, valueQuote);
  const render = (option: OptionValue) => `${option.name}: ${valueText(option)}`;
  if (!optionsNode) return { ok: true, edits: [insertAt(node.arguments.pos, `{ ${values.map(render).join(', ')} }`)] };

  const edits: TextEdit[] = [];
  const missing: string[] = [];
  for (const value of values) {
    const existing = findOption(call.options, value.name);
    if (!existing) {
      missing.push(render(value));
    } else if (existing.literal === undefined && !value.overwrite) {
      return refuse(notALiteral(context, existing));
    } else if (
      value.code !== undefined ? valueTextOf(context, existing) !== value.code : existing.literal !== value.value
    ) {
      // A string keeps the quote it was written with.
      const ownQuote = typeof existing.literal === 'string' ? context.text[existing.value.start]! : quote;
      // Shorthand `{ biasInitializer }` has no separate value: the whole property is rewritten.
      edits.push(
        existing.value.start === existing.range.start
          ? { ...existing.range, newText: `${value.name}: ${valueText(value, ownQuote)}` }
          : { ...existing.value, newText: valueText(value, ownQuote) },
      );
    }
  }
  if (missing.length > 0) {
    const { properties } = optionsNode;
    edits.push(
      ...(properties.length > 0
        ? insertAfterEntry(context, properties, properties.length - 1, missing)
        : fillEmptyObject(context, optionsNode, missing)),
    );
  }
  return { ok: true, edits };
}

/** Removes an option written as a literal; nothing to do when the option is not there. */
export function removeOption(context: EditContext, scanned: ScannedLayerCall, name: string): FixEditResult {
  const { call, optionsNode } = scanned;
  if (call.optionsKind === 'expression') return refuse(optionsNotWrittenOut(context, scanned, `remove its ${name}`));
  const existing = findOption(call.options, name);
  if (!existing || !optionsNode) return { ok: true, edits: [] };
  if (existing.literal === undefined) return refuse(notALiteral(context, existing));
  const index = optionsNode.properties.findIndex(
    (property) => property.getStart(context.sourceFile) === existing.range.start,
  );
  return { ok: true, edits: removeEntry(context, optionsNode, optionsNode.properties, index) };
}

function valueTextOf(context: EditContext, option: LayerOption): string {
  return context.text.slice(option.value.start, option.value.end);
}

function optionsNotWrittenOut(context: EditContext, scanned: ScannedLayerCall, change: string): string {
  const argument = snippet(context, scanned.node.arguments[0]!);
  return `the layer's options are passed as \`${argument}\` rather than written out in the call, so ActLens cannot see or change them here; ${change} where that object is defined`;
}

function notALiteral(context: EditContext, option: LayerOption): string {
  const value = context.text.slice(option.value.start, option.value.end).replace(/\s+/g, ' ');
  return `${option.name} is given as \`${value}\`, not as a literal, so ActLens cannot tell what it holds and will not overwrite it; change it where that value comes from`;
}

/** The quote of a string option next to the new one, else the file's. */
function quoteNear(context: EditContext, properties: readonly LayerOption[]): string {
  const stringOption = properties.find((property) => typeof property.literal === 'string');
  return stringOption ? context.text[stringOption.value.start]! : context.style.quote;
}

function literalText(value: string | number, quote: string): string {
  if (typeof value === 'number') return String(value);
  const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replaceAll(quote, `\\${quote}`);
  return `${quote}${quote === '`' ? escaped.replace(/\$\{/g, '\\${') : escaped}${quote}`;
}
