# construct.awk - print one construct of a .clp file: from the line that
# opens "(KIND NAME" at column 0 up to the line before the next blank line,
# the next construct or a column-0 comment. -v kind=defrule -v name=NAME
$0 ~ "^\\(" kind " " name "( |$)" { on = 1; print; next }
on && ($0 == "" || /^[(;]/) { exit }
on { print }
