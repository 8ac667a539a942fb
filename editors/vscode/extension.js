// A minimal client: starts `keel lsp` for .keel files.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("keel");
  const command = config.get("path", "keel");
  client = new LanguageClient(
    "keel",
    "Keel",
    { command, args: ["lsp"] },
    {
      documentSelector: [{ scheme: "file", language: "keel" }],
      initializationOptions: { env: config.get("env", "sandbox") },
    }
  );
  context.subscriptions.push(client);
  client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
