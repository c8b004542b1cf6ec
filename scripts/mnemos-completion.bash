# Bash completion for mnemos: asks the program itself for the commands and options that fit the word
# under the cursor (System.CommandLine's [suggest:POSITION] directive; no extra tool needed).
# Enable for this shell:   source scripts/mnemos-completion.bash
# Enable for good:         cp scripts/mnemos-completion.bash ~/.local/share/bash-completion/completions/mnemos
# Completes `mnemos` on PATH and `./mnemos` in the repository (which builds first, so it is slower).
_mnemos_complete() {
    local IFS=$'\n' suggestions
    suggestions=$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null) || return 0
    COMPREPLY=($(compgen -W "$suggestions" -- "${COMP_WORDS[COMP_CWORD]}"))
}
complete -o default -F _mnemos_complete mnemos ./mnemos
