// The galley extension: starts `galley server` (the language server) for
// plain text, Markdown and HTML documents, and tells it when galley.toml or
// a rule pack changes.

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
      // galley.toml and rule packs: the server reloads them.
      fileEvents: workspace.createFileSystemWatcher("**/*.toml"),
    },
  };
  client = new LanguageClient("galley", "galley", server, options);
  context.subscriptions.push({ dispose: () => void client?.stop() });
  void client.start();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
