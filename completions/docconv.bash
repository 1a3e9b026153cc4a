# bash completion for docconv(1).
# Installed as bash-completion/completions/docconv; to try it by hand:
# source completions/docconv.bash
#
# The formats come from the command itself (docconv --list-formats), so
# they never drift from it.

# The formats docconv reads (MODE r) or writes (MODE w): WANT is r or w.
_docconv_formats()
{
	local want=$1 prog=${COMP_WORDS[0]:-docconv}
	[[ $prog == */* || $prog == docconv ]] || prog=docconv
	"$prog" --list-formats 2>/dev/null |
		while read -r name mode _; do
			[[ $name == FORMAT ]] && continue
			[[ $mode == *"$want"* ]] && printf '%s\n' "$name"
		done
}

_docconv()
{
	local cur prev split=false
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	# --opt=value: COMP_WORDBREAKS usually splits it as --opt, =, value.
	if [[ $cur == --*=* ]]; then
		prev=${cur%%=*} cur=${cur#*=} split=true
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == = ]]; then
		cur=
	fi

	local values=
	case $prev in
	-f | --from) values=$(_docconv_formats r) ;;
	-t | --to) values=$(_docconv_formats w) ;;
	--paper) values="a4 a5 letter legal" ;;
	--toc-depth) values="1 2 3 4 5 6" ;;
	-j | --jobs) values=$(seq 1 "$(nproc 2>/dev/null || echo 4)") ;;
	--outdir)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return 0
		;;
	-o | --output | --css | --cover | --depfile)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return 0
		;;
	-M | --metadata)
		values="title= subtitle= author= date= lang= subject=
			description= keywords= identifier= rights= publisher=
			cover="
		compopt -o nospace 2>/dev/null
		;;
	--title | --author | --lang | --font | --mono-font | --margin | \
		--font-size)
		return 0  # free text
		;;
	esac
	if [[ -n $values ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$values" -- "$cur")
		return 0
	fi
	$split && return 0

	case $cur in
	--*)
		local opts="--from= --to= --output= --metadata= --title= --author=
			--lang= --strict --quiet --verbose --help --version
			--list-formats --font= --mono-font= --paper= --margin=
			--font-size= --no-justify --number-sections --css=
			--cover= --toc --toc-depth= --self-contained --fragment
			--fail-on-warnings --outdir= --jobs= --depfile="
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
		# An option that takes a value: no space after its '='.
		((${#COMPREPLY[@]} == 1)) && [[ ${COMPREPLY[0]} == *= ]] &&
			compopt -o nospace 2>/dev/null
		;;
	-*)
		mapfile -t COMPREPLY < <(compgen -W "-f -t -o -M -j -q -v -h" -- "$cur")
		;;
	*)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		;;
	esac
	return 0
}
complete -F _docconv docconv
