import { Command } from 'commander';
import { productVersion } from '@admit/server';

export function versionCommand(): Command {
  return new Command('version')
    .description('Print the Admit version and the Node.js it runs on.')
    .action(() => {
      process.stdout.write(`admit ${productVersion} (node ${process.versions.node})\n`);
    });
}
