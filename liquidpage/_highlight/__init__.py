"""Private helpers of liquidpage.highlight: Rouge's lexer table and per-language token fixes."""
