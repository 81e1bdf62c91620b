// Tests are added here with the plugin.
