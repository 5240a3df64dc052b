import { CommandHelp, Help, type Command } from '@oclif/core';

/**
 * oclif wraps example commands at the terminal's width, inside words too (`"GlacierJo \ bTier"`),
 * and a pasted JSON argument then breaks. Here each example command stays on one line, however
 * long; its description still wraps.
 */
class WholeExamplesHelp extends CommandHelp {
  protected override examples(
    examples: Command.Example[] | string | undefined,
  ): string | undefined {
    if (!examples || examples.length === 0) return undefined;
    const list = typeof examples === 'string' ? [examples] : examples;
    return list
      .map((example) => {
        const command = `$ ${this.render(typeof example === 'string' ? example : example.command)}`;
        if (typeof example === 'string') return command;
        return `${this.wrap(example.description, this.indentSpacing * 2)}\n\n${this.indent(command)}`;
      })
      .join('\n\n');
  }
}

/** s3bulk's help: oclif's, with examples that can be copied and pasted as printed. */
export default class S3BulkHelp extends Help {
  protected override getCommandHelpClass(command: Command.Loadable): CommandHelp {
    return new WholeExamplesHelp(command, this.config, this.opts);
  }
}
