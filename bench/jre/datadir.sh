# bench/jre/datadir.sh - sourced: subset_datadir DIR makes DIR a data
# directory laid out like the install (kb/paths.h) whose playbook is
# bench/jre/clips alone, the catalogs and patterns the shipped ones.
# DEALCOACH_DATADIR=DIR runs dealcoach on the subset only, in process
# (--rules would add it to the shipped playbook, in the sandboxed worker).
# Needs $here (bench/jre) and $src (the source tree).
subset_datadir() {
    mkdir "$1"
    ln -s "$here/clips" "$1/rules"
    ln -s "$src/kb/messages" "$1/messages"
    ln -s "$src/kb/patterns" "$1/patterns"
    ln -s "$src/examples" "$1/examples"
    ln -s "$src/kb/import" "$1/import"
}
