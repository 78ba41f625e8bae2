/// The built-in themes' text, compiled into the binary.
///
/// Why: the console must start with a sane theme from any directory (installed binary, no
/// `Themes/` folder). A unit test checks that this text equals `Themes/default.theme`, so edit
/// both together.
public enum BuiltinThemes {
    /// Exact contents of `Themes/default.theme`.
    public static let defaultThemeText = #"""
# ipfs-cluster-console theme: default (dark background)
#
# Format: one `role = value` per line, `#` starts a comment.
# value: `fg=COLOUR`, `bg=COLOUR` and attributes `bold dim reverse underline italic`, in any order;
#        `default` alone means the terminal's own colours.
# COLOUR: `default`, an ANSI name (black red green yellow blue magenta cyan white, bright-… variants,
#         gray), a 256-palette index 0-255, or #rrggbb. Colours step down to 256/16/8 automatically;
#         with NO_COLOR or --no-color only the attributes remain (plus a per-role fallback).
# Roles missing from a file keep the values of this default theme.

# Chrome
text           = fg=252
header         = fg=#e0e0e0 bg=24 bold
title          = fg=81 bold
border         = fg=240
table.header   = fg=#e0e0e0 bg=236 bold
status-line    = fg=252 bg=236
tab.active     = fg=#ffffff bg=31 bold
tab.inactive   = fg=245 bg=236
selection      = fg=#ffffff bg=25 bold
dim            = fg=243
key-hint       = fg=214 bold
toast          = fg=#ffffff bg=60 bold
dialog         = fg=#e0e0e0 bg=237
prompt         = fg=#ffffff bg=235

# Status colours (separate from chrome)
status.ok       = fg=78
status.warning  = fg=214
status.error    = fg=203 bold
status.critical = fg=#ffffff bg=160 bold
status.info     = fg=75
status.muted    = fg=244

# Pin states
pin.pinned      = fg=78
pin.pinning     = fg=80
pin.queued      = fg=179
pin.error       = fg=203 bold
pin.remote      = fg=244
pin.unpinned    = fg=244 dim
pin.unexpected  = fg=170 bold

# Peer states
peer.up         = fg=78
peer.missing    = fg=203 bold
peer.ipfs-down  = fg=214 bold

# Log levels
log.debug       = fg=243
log.info        = fg=252
log.warn        = fg=214
log.error       = fg=203 bold
log.fatal       = fg=#ffffff bg=160 bold

# Search matches
match           = fg=16 bg=220 bold
"""#
}
