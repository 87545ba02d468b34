; printout and format to every console channel, with a terminal escape:
; nothing may reach standard output (it would break --json) or the terminal.
; expect-exit: 0
; expect-message:
(defrule chatter
   (deal)
   =>
   (printout wclips "LEAKED" (format nil "%c[2J" 27) crlf)
   (printout t "LEAKED" crlf)
   (printout stdout "LEAKED" crlf)
   (printout wdisplay "LEAKED" crlf)
   (printout wtrace "LEAKED" crlf)
   (printout wdialog "LEAKED" crlf)
   (printout wprompt "LEAKED" crlf)
   (printout wwarning "LEAKED" crlf)
   (format wclips "LEAKED%n")
   (format t "LEAKED%n"))
