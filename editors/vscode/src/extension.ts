// The galley extension: starts `galley server` (the language server) for
// plain text, Markdown and HTML documents, and tells it when galley.toml, a
// rule pack, or a Vale configuration, style rule or vocabulary changes.

import { ExtensionContext, workspace } from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export function activate(context: ExtensionContext): void {
  const command = workspace.getConfiguration("galley").get<string>("path", "galley");
  const server: ServerOptions = {
    command,
    args: ["server"],
    transport: TransportKind.stdio,
  };
  const options: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "plaintext" },
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "html" },
    ],
    synchronize: {
      // galley.toml and rule packs, .vale.ini, Vale style rules and
      // vocabularies: the server reloads them.
      fileEvents: workspace.createFileSystemWatcher(
        "**/{*.toml,.vale.ini,_vale.ini,*.yml,*.yaml,accept.txt,reject.txt}",
      ),
    },
  };
  client = new LanguageClient("galley", "galley", server, options);
  context.subscriptions.push({ dispose: () => void client?.stop() });
  void client.start();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
